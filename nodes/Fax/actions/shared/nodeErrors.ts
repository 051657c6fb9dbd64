import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { maskNumbersInText } from '../../helpers/redact';

/**
 * Every failure of an item as the n8n error the user sees: provider errors stay NodeApiError;
 * bad input becomes a NodeOperationError naming the item and the field.
 */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof FaxInputError) {
		const where = error.field
			? ` (field "${error.field}", item ${itemIndex})`
			: ` (item ${itemIndex})`;
		return new NodeOperationError(ctx.getNode(), `${maskNumbersInText(error.message)}${where}`, {
			itemIndex,
			description: error.hint,
		});
	}
	const message = maskNumbersInText(error instanceof Error ? error.message : String(error));
	const nodeError = new NodeOperationError(ctx.getNode(), message, { itemIndex });
	// n8n replaces a message naming a network code ("no answer (ECONNRESET)") with its own
	// words, which would hide what the node found out (e.g. that the fax may exist).
	nodeError.message = message;
	return nodeError;
}
