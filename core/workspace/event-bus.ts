import type { ApiEvent } from './workspace-events';

type Listener = (event: ApiEvent) => void;

/** Fan-out of core events to every connected UI (IPC windows, SSE clients). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const l of this.listeners) l(event);
  }
}
