/** Bad input to the control API or the in-process API (answered 400 by the control API). */
export class SimInputError extends Error {}
