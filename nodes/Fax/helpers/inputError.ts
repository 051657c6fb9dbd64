/**
 * Bad input found before anything reached a provider. The action turns it into a
 * NodeOperationError naming the item; `field` names the parameter to fix.
 */
export class FaxInputError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
		readonly field?: string,
	) {
		super(message);
		this.name = 'FaxInputError';
	}
}
