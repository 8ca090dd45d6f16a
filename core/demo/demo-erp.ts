import type { ConnectionKind } from '../connections/connection-kinds';
import type { MappingEntry } from '../mapping/mapping-entry';
import type { Workspace } from '../workspace/workspace';

/**
 * One ERP company of the built-in demo: a loopback emulator and the connection that points at it.
 * Each ERP kind with a demo company has one of these (core/demo/demo-erps.ts lists them), so adding an
 * ERP to the demo is one file and one line.
 */
export interface DemoErp {
  /** The connection's fixed id, so the demo's connection survives restarts and its mappings with it. */
  readonly connectionId: string;
  /** Mappings that make the demo's settlements postable to this company, checked against its chart. */
  readonly starterMappings: readonly MappingEntry[];
  start(ws: Workspace): Promise<StartedDemoErp>;
}

export interface StartedDemoErp {
  connection: { kind: ConnectionKind; name: string; settings: Record<string, unknown> };
  /** The emulator's own "secrets", stored in the keychain like any other. */
  secrets: Record<string, string>;
  /** Where the emulator listens, for the audit trail. */
  url: string;
  stop(): Promise<void>;
}
