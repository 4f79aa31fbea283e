import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { checkLength, describedBy, type LengthCheck, type LengthRule } from './length-limit.ts';

/** A text checked against its rule, with what its field, counter and message need. */
export interface LengthLimit extends LengthCheck {
  readonly countId: string;
  readonly messageId: string;
  readonly showCount: boolean;
  /** The text may be sent as far as its length goes (an empty one is left to the form). */
  readonly fits: boolean;
  /** For the field's `aria-describedby`: the counter and the message, when shown. */
  readonly describedBy: string | undefined;
}

/**
 * Checks a field's text as the server will, for a form that refuses rather than cuts. The counter
 * shows near the limit, or always with `alwaysCount` (the question box, which also has a minimum).
 */
export function useLengthLimit(
  text: string,
  rule: LengthRule,
  { alwaysCount = false }: { alwaysCount?: boolean } = {},
): LengthLimit {
  const id = useId();
  const check = checkLength(text, rule);
  const countId = `${id}-count`;
  const messageId = `${id}-long`;
  const showCount = alwaysCount || check.near || check.tooShort;
  return {
    ...check,
    countId,
    messageId,
    showCount,
    fits: check.over === 0 && !check.tooShort,
    describedBy: describedBy(showCount && countId, check.over > 0 && messageId),
  };
}

/** « 312 / 300 », red from near the limit; « Au moins 3 caractères. » below a minimum. */
export function LengthCount({ limit, testId }: { limit: LengthLimit; testId?: string }) {
  const { t } = useTranslation();
  if (!limit.showCount) return null;
  return (
    <span
      id={limit.countId}
      className={`char-count length-count${limit.near || limit.tooShort ? ' char-count-low' : ''}`}
      aria-live="polite"
      data-testid={testId}
      data-over={limit.over}
    >
      {limit.tooShort
        ? t('lengthLimit.tooShort', { min: limit.min })
        : t('lengthLimit.count', { count: limit.length, max: limit.max })}
    </span>
  );
}

/**
 * Says by how much a text is too long and what to do. `messageKey` words it for its place (« votre
 * question », « votre réponse »); it receives `count` (characters too many) and `max`.
 */
export function LengthMessage({
  limit,
  testId,
  messageKey = 'lengthLimit.tooLong',
}: {
  limit: LengthLimit;
  testId?: string;
  messageKey?: string;
}) {
  const { t } = useTranslation();
  if (limit.over === 0) return null;
  return (
    <p id={limit.messageId} className="error length-message" data-testid={testId}>
      {t(messageKey, { count: limit.over, max: limit.max })}
    </p>
  );
}

type LimitedProps<A> = Omit<A, 'value' | 'onChange' | 'maxLength' | 'aria-describedby' | 'aria-invalid'> & {
  value: string;
  rule: LengthRule;
  onChange: (value: string) => void;
  /** The field's test id; its counter and message get `-count` and `-too-long` after it. */
  testId?: string;
  /** Other ids describing the field (a hint), before the counter and the message. */
  describedById?: string;
  /** What stands on the field's line (a remove button), before the counter and the message. */
  beside?: ReactNode;
};

/** A one-line text field that refuses an over-long text with a counter and a message, never cuts it. */
export function LimitedInput({
  value,
  rule,
  onChange,
  testId,
  describedById,
  beside,
  ...rest
}: LimitedProps<InputHTMLAttributes<HTMLInputElement>>) {
  const limit = useLengthLimit(value, rule);
  return (
    <>
      <input
        type="text"
        {...rest}
        value={value}
        aria-describedby={describedBy(describedById, limit.describedBy)}
        aria-invalid={limit.over > 0}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
      {beside}
      <LengthCount limit={limit} testId={testId && `${testId}-count`} />
      <LengthMessage limit={limit} testId={testId && `${testId}-too-long`} />
    </>
  );
}

/** The same for a multi-line text. */
export function LimitedTextarea({
  value,
  rule,
  onChange,
  testId,
  describedById,
  beside,
  ...rest
}: LimitedProps<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const limit = useLengthLimit(value, rule);
  return (
    <>
      <textarea
        {...rest}
        value={value}
        aria-describedby={describedBy(describedById, limit.describedBy)}
        aria-invalid={limit.over > 0}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
      {beside}
      <LengthCount limit={limit} testId={testId && `${testId}-count`} />
      <LengthMessage limit={limit} testId={testId && `${testId}-too-long`} />
    </>
  );
}
