import { resourceListOperation } from '../shared/resourceOperations';

export const { description, execute } = resourceListOperation(
	'scheduledFax',
	'scheduledFaxes',
	'scheduled faxes',
);
