/** Fast's four operations, each served at /fast/v1/<operation>: the one list every part of the bridge reads. */
export const FAST_OPERATIONS = ['create', 'read', 'update', 'delete'] as const
export type FastOperation = typeof FAST_OPERATIONS[number]
