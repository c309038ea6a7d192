// Layer: views (provision). Where an interrupted batch is remembered (localStorage): batch-state.svelte.ts keeps it,
// the start view (provision-entry.svelte.ts) only asks whether there is one, without loading the batch code.
export const BATCH_KEY = 'keywire.provision.batch.v1';
