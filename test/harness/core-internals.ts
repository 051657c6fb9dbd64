/**
 * Access to the dependency-injection container and services that n8n-core itself uses.
 *
 * n8n-core 2.8.1 ships its own nested copies of `@n8n/di`, `@n8n/backend-common` and
 * `@n8n/config` (node_modules/n8n-core/node_modules/@n8n/*). The hoisted top-level copies are
 * different versions and, crucially, different module instances: a service registered on the
 * top-level `Container` is invisible to n8n-core. Everything here is therefore resolved from
 * n8n-core's own directory.
 */
import { createRequire } from 'node:module';

/** A class usable as a DI token (abstract or concrete, any constructor parameters). */
export type ServiceToken<T> = abstract new (...args: never[]) => T;

export interface DiContainer {
	get<T>(type: ServiceToken<T>): T;
	set<T>(type: ServiceToken<T>, instance: T): void;
	has(type: ServiceToken<unknown>): boolean;
}

/** Method surface of `@n8n/backend-common`'s `Logger` that n8n-core calls. */
export interface LoggerLike {
	error(message: string, metadata?: object): void;
	warn(message: string, metadata?: object): void;
	info(message: string, metadata?: object): void;
	debug(message: string, metadata?: object): void;
	scoped(scopes: string | string[]): LoggerLike;
}

const coreRequire = createRequire(require.resolve('n8n-core'));

export const Container = (coreRequire('@n8n/di') as { Container: DiContainer }).Container;

/** The `Logger` class n8n-core injects (`Container.get(Logger)`). */
export const LoggerToken = (
	coreRequire('@n8n/backend-common') as { Logger: ServiceToken<LoggerLike> }
).Logger;
