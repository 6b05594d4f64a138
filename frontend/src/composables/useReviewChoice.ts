import { ref, watch, type Ref } from 'vue'
import { describeError, reviewApi, type Review } from '../api'

/**
 * The reviews a dialog offers to pick from (the export of a bundle, the report), loaded again
 * each time it opens, the first one picked. Opening forgets the dialog's last action; a list
 * that cannot be read becomes that action's error.
 */
export function useReviewChoice(
  shown: Ref<boolean>,
  action: { reset: () => void; error: Ref<string> },
): { reviews: Ref<Review[]>; reviewId: Ref<number | null> } {
  const reviews = ref<Review[]>([])
  const reviewId = ref<number | null>(null)
  watch(shown, async (v) => {
    if (!v) return
    action.reset()
    try {
      reviews.value = await reviewApi.list()
      reviewId.value = reviews.value[0]?.id ?? null
    } catch (e) {
      action.error.value = describeError(e)
    }
  })
  return { reviews, reviewId }
}
