import { toNumbersField } from '../common.descriptions';
import { sendOperation } from './sendOperation';

export const { description, execute } = sendOperation('sendBatch', {
	...toNumbersField,
	name: 'toNumbers',
});
