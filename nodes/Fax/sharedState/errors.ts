import { FaxInputError } from '../helpers/errors';

/**
 * The shared state could not be read or written (Redis down, wrong password, timeout). Thrown
 * before anything is sent; never answered by falling back to per-process memory, which would
 * let two n8n processes send the same fax or run the same event twice.
 */
export class SharedStateError extends FaxInputError<'sharedStateUnavailable'> {
	constructor(where: string, reason: string) {
		super(
			'sharedStateUnavailable',
			`Shared State: could not use ${where} (${reason})`,
			'Check the Redis credential (host, port, password, database, SSL) and that Redis is running. Nothing was sent. To run without Redis, set Shared State to "This n8n process only" (only safe with a single n8n process).',
			'sharedState',
		);
	}
}
