/**
 * An SES event as the configuration set publishes it to SNS (event publishing): its type, the
 * message's SES id and time, and the message tags our mailer set (ports.ts ATTEMPT_TAG and
 * NOTICE_TAG). Events for messages without our tags (not ours) are ignored.
 */
import * as z from 'zod/mini';

const EVENT_TYPES = {
  Send: 'send',
  Reject: 'reject',
  Bounce: 'bounce',
  Delivery: 'delivery',
  Complaint: 'complaint',
  'Rendering Failure': 'rendering-failure',
  DeliveryDelay: 'delivery-delay',
} as const;

export const SesEventMessage = z.object({
  eventType: z.string().check(z.minLength(1)),
  mail: z.object({
    messageId: z.string().check(z.minLength(1)),
    timestamp: z.string().check(z.minLength(1)),
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
});
export type SesEventMessage = z.infer<typeof SesEventMessage>;

export const eventTypeOf = (name: string) => EVENT_TYPES[name as keyof typeof EVENT_TYPES];
