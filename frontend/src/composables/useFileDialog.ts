import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { useAction, type Action } from './useAction'

/**
 * One of the File menu's dialogs (export a bundle, open one, a review report, a CSV): the file
 * path typed or picked, and the dialog's action. FileDialog takes it as `state`: it shows the
 * action's busy state and error, and forgets the last result each time the dialog opens.
 */
export interface FileDialogState<T> extends Action<T> {
  file: Ref<string>
  /** The path as the action gets it ("" while none is given). */
  path: ComputedRef<string>
}

export function useFileDialog<T>(): FileDialogState<T> {
  const file = ref('')
  const path = computed(() => file.value.trim())
  return { ...useAction<T>(), file, path }
}
