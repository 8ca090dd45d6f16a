/** Saves text the core produced as a file (Electron asks where, electron/save-dialog.ts; a browser downloads it). */
export function saveTextFile(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  saveBlob(fileName, new Blob([text], { type }));
}

/** Saves a file the core produced as base64 (XLSX, PDF, CSV bytes) the same way. */
export function saveBase64File(fileName: string, contentBase64: string, type: string) {
  const binary = atob(contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  saveBlob(fileName, new Blob([bytes], { type }));
}

function saveBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

