// The words of field verification (现场核实) the web needs at run time, without zod.
/** The verdicts a field entry records: the worksheet's 核实结果, in its order. */
export const FIELD_RESULTS = ['confirmed', 'corrected', 'unreachable', 'closed', 'not_found'] as const;
/** The fields a field entry may correct: the worksheet's 更正 columns. */
export const FIELD_CORRECTIONS = ['name', 'mobile', 'landline', 'address', 'certNo'] as const;
