// The events of the contract are the workspace's own (core/workspace/workspace-events.ts): the layer that emits them owns them.
export * from '../workspace/workspace-events';
