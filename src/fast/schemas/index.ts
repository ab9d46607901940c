// One import path for the Fast API schemas, types, enum tables and their helpers.

export * from './enums.js'
export * from './common.js'
export * from './order.js'
export * from './requests.js'
export * from './responses.js'
