import { app, type Session } from 'electron';
import { extname, join } from 'node:path';

const FILTERS: Record<string, Electron.FileFilter> = {
  '.csv': { name: 'CSV', extensions: ['csv'] },
  '.xlsx': { name: 'Excel workbook', extensions: ['xlsx'] },
  '.pdf': { name: 'PDF', extensions: ['pdf'] },
};

/**
 * Files the page saves (the exports: a blob handed to a download link) go through the OS save dialog,
 * starting in Documents under the name the core chose. Without a save path set here, Electron asks the
 * user where to save; these options only shape that dialog.
 */
export function askWhereToSave(session: Session): void {
  session.on('will-download', (_event, item) => {
    const name = item.getFilename();
    const filter = FILTERS[extname(name).toLowerCase()];
    item.setSaveDialogOptions({ title: `Save ${name}`, defaultPath: join(app.getPath('documents'), name), ...(filter ? { filters: [filter] } : {}) });
  });
}
