export * from './organisation';
export * from './strategy';
export * from './reporting';
export * from './audit';
export * from './discussion';
export * from './mail';
export * from './relations';
