import type { Session } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { formatDay } from '../../ui/format.ts';
import { wallClock } from '@agora/shared';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';

/** Vertical scale of the timeline: 1.6 px per minute, an hour is 96 px. */
const PX_PER_MINUTE = 1.6;

type Placed = { session: Session; start: number; end: number; lane: number; lanes: number };

/** Sessions of one room side by side when they overlap (each gets a lane). */
function placeRoom(sessions: { session: Session; start: number; end: number }[]): Placed[] {
  const sorted = [...sessions].sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds: number[] = [];
  const placed = sorted.map((s) => {
    let lane = laneEnds.findIndex((end) => end <= s.start);
    if (lane < 0) lane = laneEnds.push(s.end) - 1;
    else laneEnds[lane] = s.end;
    return { ...s, lane, lanes: 0 };
  });
  return placed.map((p) => ({ ...p, lanes: laneEnds.length }));
}

export interface TimelineDay {
  date: string;
  rooms: { room: string; sessions: Placed[] }[];
  from: number;
  to: number;
}

/** Days of a programme, each with its rooms (plenary rooms first) and its hour range, in the edition's time zone. */
export function timelineDays(sessions: readonly Session[], timeZone: string): TimelineDay[] {
  const byDay = new Map<string, { session: Session; start: number; end: number }[]>();
  for (const session of sessions) {
    const start = wallClock(session.startsAt, timeZone);
    const end = wallClock(session.endsAt, timeZone);
    const endMinutes = end.date === start.date ? end.minutes : 24 * 60;
    const list = byDay.get(start.date) ?? [];
    list.push({ session, start: start.minutes, end: Math.max(endMinutes, start.minutes + 5) });
    byDay.set(start.date, list);
  }
  return [...byDay.keys()].sort().map((date) => {
    const list = byDay.get(date)!;
    const rooms = new Map<string, typeof list>();
    for (const s of list) rooms.set(s.session.room, [...(rooms.get(s.session.room) ?? []), s]);
    const plenaryFirst = (room: string) =>
      rooms.get(room)!.some((s) => s.session.kind === 'plenary') ? 0 : 1;
    return {
      date,
      rooms: [...rooms.keys()]
        .sort((a, b) => plenaryFirst(a) - plenaryFirst(b) || a.localeCompare(b))
        .map((room) => ({ room, sessions: placeRoom(rooms.get(room)!) })),
      from: Math.floor(Math.min(...list.map((s) => s.start)) / 60) * 60,
      to: Math.ceil(Math.max(...list.map((s) => s.end)) / 60) * 60,
    };
  });
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The programme as a day timeline: a time axis down, one column per room, plenaries and workshops in their colours. */
export function Timeline({
  sessions,
  timeZone,
  onOpen,
}: {
  sessions: readonly Session[];
  timeZone: string;
  onOpen: (session: Session) => void;
}) {
  const { t, i18n } = useTranslation();
  const spaced = useFrenchSpacing();
  const days = timelineDays(sessions, timeZone);
  return (
    <div className="timeline" data-testid="timeline">
      <p className="timeline-legend small">
        <span className="legend-swatch kind-plenary" aria-hidden="true" /> {t('programme.plenary')}
        <span className="legend-swatch kind-workshop" aria-hidden="true" /> {t('programme.workshop')}
        <span className="muted"> · {t('organizer.programme.timeZoneNote', { timeZone })}</span>
      </p>
      {days.map((day) => {
        const height = (day.to - day.from) * PX_PER_MINUTE;
        const hours: number[] = [];
        for (let m = day.from; m <= day.to; m += 60) hours.push(m);
        return (
          <section
            key={day.date}
            className="timeline-day"
            aria-label={formatDay(day.date, i18n.language, 'UTC')}
          >
            <h3 className="day-title">{formatDay(day.date, i18n.language, 'UTC')}</h3>
            <div className="timeline-scroll">
              <div
                className="timeline-grid"
                style={{ gridTemplateColumns: `3.5rem repeat(${day.rooms.length}, minmax(11rem, 1fr))` }}
              >
                <div className="timeline-corner" aria-hidden="true" />
                {day.rooms.map((r) => (
                  <div key={r.room} className="timeline-room" role="heading" aria-level={4}>
                    {r.room || t('organizer.programme.noRoom')}
                  </div>
                ))}
                <div className="timeline-axis" style={{ height }} aria-hidden="true">
                  {hours.map((m) => (
                    <span key={m} className="timeline-hour" style={{ top: (m - day.from) * PX_PER_MINUTE }}>
                      {hhmm(m)}
                    </span>
                  ))}
                </div>
                {day.rooms.map((r) => (
                  <ul
                    key={r.room}
                    className="timeline-column"
                    style={{ height, backgroundSize: `100% ${60 * PX_PER_MINUTE}px` }}
                    aria-label={r.room || t('organizer.programme.noRoom')}
                  >
                    {r.sessions.map((p) => {
                      const height = Math.max((p.end - p.start) * PX_PER_MINUTE, 30);
                      // Lines of title that fit under the time (about 16 px each).
                      const lines = Math.max(1, Math.floor((height - 24) / 16));
                      return (
                        <li
                          key={p.session.id}
                          className="timeline-slot"
                          style={{
                            top: (p.start - day.from) * PX_PER_MINUTE,
                            height,
                            left: `${(p.lane / p.lanes) * 100}%`,
                            width: `${100 / p.lanes}%`,
                          }}
                        >
                          <button
                            type="button"
                            className={`timeline-session kind-${p.session.kind}`}
                            onClick={() => onOpen(p.session)}
                            data-testid="timeline-session"
                            data-kind={p.session.kind}
                            data-session-id={p.session.id}
                            title={spaced(p.session.title)}
                          >
                            <span className="timeline-time">
                              {hhmm(p.start)}–{hhmm(p.end)}
                              <span className="sr-only"> · {t(`programme.${p.session.kind}`)}</span>
                            </span>
                            <span className="timeline-title" style={{ ['--title-lines' as string]: lines }}>
                              <UserText text={p.session.title} />
                            </span>
                            {p.session.speakers.length > 0 && (
                              <span className="timeline-speakers">
                                <UserText text={p.session.speakers.map((s) => s.name).join(', ')} />
                              </span>
                            )}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                ))}
              </div>
            </div>
          </section>
        );
      })}
    </div>
  );
}
