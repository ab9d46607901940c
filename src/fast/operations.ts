// Fast's four calls, each POST /fast/v1/<operation>.
export const FAST_OPERATIONS = ['create', 'read', 'update', 'delete'] as const
export type FastOperation = typeof FAST_OPERATIONS[number]
