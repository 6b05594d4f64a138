import { ref, type Ref } from 'vue'
import { describeError, reviewApi, type Review } from '../api'

/**
 * The reviews a dialog offers to pick from (the export of a bundle, the report): load() reads
 * them again (each time the dialog opens) and picks the first one; a list that cannot be read
 * becomes the dialog's action's error.
 */
export function useReviewChoice(action: { error: Ref<string> }): {
  reviews: Ref<Review[]>
  reviewId: Ref<number | null>
  load: () => Promise<void>
} {
  const reviews = ref<Review[]>([])
  const reviewId = ref<number | null>(null)
  async function load(): Promise<void> {
    try {
      reviews.value = await reviewApi.list()
      reviewId.value = reviews.value[0]?.id ?? null
    } catch (e) {
      action.error.value = describeError(e)
    }
  }
  return { reviews, reviewId, load }
}
