export * from './errors.ts';
export * from './limits.ts';
export * from './events.ts';
export * from './schemas/common.ts';
export * from './schemas/program.ts';
export * from './schemas/identity.ts';
export * from './schemas/questions.ts';
export * from './http.ts';
