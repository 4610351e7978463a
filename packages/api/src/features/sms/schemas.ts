// Twilio's webhook forms: Twilio's shapes, not part of the contract the web shares
// (@qingyuan/contract/sms holds ours).
import { z } from 'zod';

export const TwilioFormSchema = z.record(z.string(), z.string());
export const StatusQuerySchema = z.object({ m: z.string().optional() }).loose();
