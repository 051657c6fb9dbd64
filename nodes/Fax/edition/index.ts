import type { INodeType } from 'n8n-workflow';

import { editionDescription } from './description';
import { EDITION_PROVIDER } from './provider';

export { EDITION_PROVIDER } from './provider';
export { editionDescription } from './description';

/**
 * The provider a node works with: the edition's, else the node's Provider parameter (read only
 * when there is no edition: an edition has no such parameter).
 */
export function selectedProvider(readParameter: () => unknown): string {
	return EDITION_PROVIDER ?? String(readParameter());
}

// A mixin's base class needs this exact constructor signature (TypeScript rule TS2545).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NodeClass = new (...args: any[]) => INodeType;

/**
 * A node class whose description is the edition's (see {@link editionDescription}); the class
 * itself when there is no edition. The edition build's entry wraps each node with it.
 */
export function editionNode<T extends NodeClass>(Base: T): T {
	if (EDITION_PROVIDER === undefined) return Base;
	return class extends Base {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		constructor(...args: any[]) {
			super(...args);
			this.description = editionDescription(this.description);
		}
	};
}
