import { useEffect, useState } from 'preact/hooks';
import { FormError } from '../../../lib/ui/form-error';
import { useModel } from '../model/model-context';

const RATINGS = [
  ['ok', 'OK'],
  ['needs_fix', 'Needs fix'],
  ['reverted', 'Reverted'],
  ['partial', 'Partial'],
] as const;
type Rating = (typeof RATINGS)[number][0];

/** How the session's work turned out: OK / Needs fix / Reverted / Partial, with a note. */
export function ReviewForm({ sessionId }: { sessionId: string }) {
  const { sessions } = useModel();
  const [rating, setRating] = useState<Rating | null>(null);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void sessions.reviewOf(sessionId).then((r) => {
      if (r) {
        setRating(r.rating);
        setNote(r.note);
        setSaved(RATINGS.find(([k]) => k === r.rating)?.[1] ?? null);
      }
    });
  }, [sessionId]);
  return (
    <form
      class="review-form"
      aria-label="Review this session"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!rating) return setError('Pick a rating first.');
        const err = await sessions.review(sessionId, rating, note);
        setError(err);
        if (!err) setSaved(RATINGS.find(([k]) => k === rating)![1]);
      }}
    >
      <fieldset>
        <legend>How did it turn out?</legend>
        {RATINGS.map(([key, label]) => (
          <label key={key} class="toggle">
            <input type="radio" name={`rating-${sessionId}`} value={key} checked={rating === key} onChange={() => setRating(key)} /> {label}
          </label>
        ))}
      </fieldset>
      <input aria-label="Review note" placeholder="A note for later (optional)" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit">Save review</button>
      {saved && (
        <span class="muted" role="status">
          Reviewed: {saved}
        </span>
      )}
      <FormError message={error} />
    </form>
  );
}
