import { scheduledFaxByIdOperation } from '../shared/resourceOperations';

export const { description, execute } = scheduledFaxByIdOperation('get');
