import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { connectionsApi, describeError, toApiError, type Connection, type Kind, type TestResult } from '../api'
import { emptyDraft, toConnectionForm, type Draft } from '../lib/connectionForm'
import { notify } from '../composables/notify'
import { useConnectionsStore } from './connections'
import { useSessionsStore } from './sessions'

/**
 * Adding, editing, testing and removing connections. This store never holds a secret value:
 * the form component keeps typed secrets in its own state and hands them to save(), which sends
 * them and forgets them. Only whether the keyring holds a secret (secretsStored) is kept here.
 */
export const useConnectionsAdminStore = defineStore('connectionsAdmin', () => {
  const kinds = ref<Kind[]>([])
  const kindsLoaded = ref(false)
  const kindsError = ref('')
  const managerOpen = ref(false)

  const form = reactive({
    open: false,
    /** 0 until the connection is saved. */
    id: 0,
    demo: false,
    /** The saved connection as the backend last described it (null while adding). */
    connection: null as Connection | null,
    draft: emptyDraft(),
    secretsStored: {} as Record<string, boolean>,
    /** Opened from "Needs sign-in": show the secret inputs at once. */
    replaceSecrets: false,
    loading: false,
    saving: false,
    error: '',
    saved: false,
  })
  let openToken = 0

  const testResults = reactive<Record<number, TestResult>>({})
  const testing = reactive<Record<number, boolean>>({})

  const removeTarget = shallowRef<Connection | null>(null)
  const removing = ref(false)
  const removeError = ref('')

  const formKind = computed(() => kinds.value.find((k) => k.kind === form.draft.kind))

  async function loadKinds(force = false): Promise<void> {
    if (kindsLoaded.value && !force) return
    try {
      kinds.value = await connectionsApi.kinds()
      kindsError.value = ''
      kindsLoaded.value = true
    } catch (e) {
      kindsError.value = describeError(e)
    }
  }

  function resetForm(): void {
    openToken++
    Object.assign(form, { id: 0, demo: false, connection: null, draft: emptyDraft(), secretsStored: {}, replaceSecrets: false })
    Object.assign(form, { loading: false, saving: false, error: '', saved: false })
  }

  async function openAdd(): Promise<void> {
    resetForm()
    form.open = true
    await loadKinds()
    // With a single kind there is nothing to choose.
    if (!form.draft.kind && kinds.value.length === 1) setKind(kinds.value[0].kind)
  }

  async function openEdit(id: number, opts: { replaceSecrets?: boolean } = {}): Promise<void> {
    resetForm()
    const mine = openToken
    Object.assign(form, { open: true, id, loading: true, replaceSecrets: opts.replaceSecrets === true })
    try {
      const [detail] = await Promise.all([connectionsApi.get(id), loadKinds()])
      if (mine !== openToken) return
      const c = detail.connection
      form.demo = c?.demo === true
      form.connection = c ?? null
      form.draft = { kind: c?.kind ?? '', name: c?.name ?? '', url: c?.url ?? '', options: { ...detail.options } }
      form.secretsStored = { ...detail.secretsStored }
    } catch (e) {
      if (mine === openToken) form.error = `Could not load the connection: ${describeError(e)}`
    } finally {
      if (mine === openToken) form.loading = false
    }
  }

  function closeForm(): void {
    form.open = false
    resetForm()
  }

  /** Chooses the kind of a new connection; options of another kind are dropped. */
  function setKind(kind: string): void {
    if (form.id !== 0 || form.draft.kind === kind) return
    const k = kinds.value.find((x) => x.kind === kind)
    const options: Record<string, string> = {}
    for (const o of k?.options ?? []) if (!o.secret) options[o.name] = ''
    form.draft = { ...form.draft, kind, options }
    form.error = ''
  }

  /**
   * Adds or updates the connection with the given secrets (only non-empty ones are sent) and
   * reloads the connection list. The secrets are not kept. Resolves false on failure, with the
   * backend's message in form.error.
   */
  async function save(secrets: Record<string, string>): Promise<boolean> {
    const kind = formKind.value
    if (!kind || form.demo || form.saving) return false
    const payload = toConnectionForm(kind, form.draft as Draft, secrets, form.id)
    const editing = form.id !== 0
    form.saving = true
    form.error = ''
    try {
      const view = editing ? await connectionsApi.update(payload) : await connectionsApi.add(payload)
      if (view && typeof view.id === 'number' && view.id > 0) {
        form.id = view.id
        form.connection = view
      }
      for (const name of Object.keys(payload.secrets)) form.secretsStored[name] = true
      form.replaceSecrets = false
      form.saved = true
      delete testResults[form.id] // it described the previous settings
      await useConnectionsStore().reload()
      if (editing) useSessionsStore().reloadRows() // the org name may have changed
      return true
    } catch (e) {
      form.error = describeError(e)
      return false
    } finally {
      form.saving = false
    }
  }

  /** Tests a saved connection; a failure becomes a result (ok=false), never a rejection. */
  async function test(id: number): Promise<TestResult> {
    testing[id] = true
    let result: TestResult
    try {
      result = await connectionsApi.test(id)
    } catch (e) {
      const err = toApiError(e)
      result = { ok: false, signedInAs: '', permissions: [], limits: '', error: err.message, errorCode: err.code }
    } finally {
      delete testing[id]
    }
    testResults[id] = result
    void useConnectionsStore().reload() // the test updates the connection's status
    return result
  }

  function askRemove(c: Connection): void {
    removeError.value = ''
    removeTarget.value = c
  }

  function cancelRemove(): void {
    if (removing.value) return
    removeTarget.value = null
    removeError.value = ''
  }

  async function confirmRemove(): Promise<boolean> {
    const c = removeTarget.value
    if (!c || removing.value) return false
    removing.value = true
    removeError.value = ''
    try {
      await connectionsApi.remove(c.id)
    } catch (e) {
      removeError.value = describeError(e)
      return false
    } finally {
      removing.value = false
    }
    removeTarget.value = null
    delete testResults[c.id]
    if (form.open && form.id === c.id) closeForm()
    const sessions = useSessionsStore()
    await useConnectionsStore().reload()
    if (sessions.connectionId === c.id) sessions.setConnection(null)
    else sessions.resetRows()
    void sessions.loadSessionTypes()
    notify('success', {
      title: `Removed ${c.name}`,
      content: c.demo
        ? 'Its snapshots are deleted; the audit trail is kept.'
        : 'Its snapshots and keyring entries are deleted; the audit trail is kept.',
      duration: 5000,
    })
    return true
  }

  return {
    kinds,
    kindsLoaded,
    kindsError,
    managerOpen,
    form,
    formKind,
    testResults,
    testing,
    removeTarget,
    removing,
    removeError,
    loadKinds,
    openAdd,
    openEdit,
    closeForm,
    setKind,
    save,
    test,
    askRemove,
    cancelRemove,
    confirmRemove,
  }
})
