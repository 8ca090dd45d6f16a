import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

// Exactly the calls declared in core/api/contract.ts, nothing generic: the renderer cannot name a channel.
contextBridge.exposeInMainWorld('mlConnector', buildBridge(ipcRenderer));
