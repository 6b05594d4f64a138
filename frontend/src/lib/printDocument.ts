// Prints a whole HTML document through the webview's own print dialog (which also saves a
// PDF), from a hidden frame, so the window itself is not what gets printed.
export function printDocument(html: string, doc: Document = document): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = doc.createElement('iframe')
    frame.setAttribute('aria-hidden', 'true')
    frame.setAttribute('data-testid', 'print-frame')
    frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0'
    frame.onload = () => {
      const w = frame.contentWindow
      if (!w) {
        frame.remove()
        reject(new Error('the print frame did not open'))
        return
      }
      w.focus()
      w.print()
      // The dialog is modal in WebKitGTK and Chromium: print() returns once it is closed.
      setTimeout(() => frame.remove(), 1000)
      resolve()
    }
    frame.srcdoc = html
    doc.body.appendChild(frame)
  })
}
