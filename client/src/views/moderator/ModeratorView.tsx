import type { Programme, ProgrammeSession } from '@agora/shared';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HybridSettings } from '../../features/interactions/HybridSettings.tsx';
import { ModeratorInteractions } from '../../features/interactions/ModeratorInteractions.tsx';
import { useConnectionState } from '../../realtime/hooks.ts';
import { useModeratorSession } from '../../realtime/session-store.ts';
import { getSocket } from '../../realtime/socket.ts';
import { paths } from '../../router.ts';
import { screenInteraction } from '../../state/interactions.state.ts';
import { formatTime } from '../../ui/format.ts';
import { ConnectionBadge, Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { SessionGate } from '../SessionGate.tsx';
import { HelpPanel } from './HelpPanel.tsx';
import { MeasuredDelayPanel } from './MeasuredDelayPanel.tsx';
import { BalancePanel, PhoneWarnings } from './ModeratorInsights.tsx';
import './moderator-tools.css';
import { OnScreenPanel } from './OnScreenPanel.tsx';
import { projectorHref, ProjectorPreview, type PreviewSettings } from './ProjectorPreview.tsx';
import { QuestionQueue } from './QuestionQueue.tsx';
import { useModerationCommands } from './use-moderation-commands.ts';
import { useQueueShortcuts } from './use-queue-shortcuts.ts';
import { useQuestionQueue } from './use-question-queue.ts';
import { UserText } from '../../ui/UserText.tsx';
import { useKeepInPlace } from '../../ui/use-keep-in-place.ts';

const ROLES = ['moderator'] as const;

type Tab = 'questions' | 'interactions';

export function ModeratorView({ slug, sessionId }: { slug: string; sessionId: string }) {
  return (
    <SessionGate slug={slug} sessionId={sessionId} roles={ROLES} narrow={false}>
      {(ctx) => <Console programme={ctx.programme} session={ctx.session} />}
    </SessionGate>
  );
}

/** The moderator console: the question queue or the polls and clouds, beside what is on screen and the session's settings. */
function Console({ programme, session }: { programme: Programme; session: ProgrammeSession }) {
  const { t } = useTranslation();
  const socket = getSocket('moderator');
  const connection = useConnectionState(socket);
  const sync = useModeratorSession(socket, session.id);
  const slug = programme.edition.slug;
  const [showHelp, setShowHelp] = useState(false);
  const [tab, setTab] = useState<Tab>('questions');
  const [preview, setPreview] = useState<PreviewSettings>({ ratio: '16:9', theme: null });
  const state = sync.state;
  const screen = state?.live.screen ?? null;
  const onScreenId = screen?.kind === 'question' ? screen.id : null;
  // The row under the pointer stays there: arrivals wait behind the banner while the console is in
  // use, and what comes or goes above it (the banner, a colleague's decision) is scrolled for.
  const page = useRef<HTMLElement>(null);
  const keptRoom = useRef<HTMLDivElement>(null);
  const inUse = useKeepInPlace(page, keptRoom);
  const queue = useQuestionQueue(state?.qa ?? null, onScreenId, inUse);
  const commands = useModerationCommands(session.id, sync.send);
  useQueueShortcuts(tab === 'questions', queue, commands, () => setShowHelp((v) => !v));

  const onScreen = onScreenId ? (state?.qa.questions.get(onScreenId) ?? null) : null;
  return (
    <>
      <Header title={programme.edition.name} home={paths.programme(slug)}>
        <ConnectionBadge state={connection} />
      </Header>
      <main ref={page} id="main" className="page wide moderator">
        <ConsoleHead
          programme={programme}
          session={session}
          showHelp={showHelp}
          onToggleHelp={() => setShowHelp((v) => !v)}
          projectorUrl={projectorHref(paths.projector(slug, session.id), preview)}
        />
        <div className="tabs" role="tablist" aria-label={t('moderator.title')}>
          <TabButton name="questions" current={tab} onSelect={setTab}>
            {t('manage.tabQuestions')}
            {queue.counts && queue.counts.pending > 0 && (
              <span className="count">{queue.counts.pending}</span>
            )}
          </TabButton>
          <TabButton name="interactions" current={tab} onSelect={setTab}>
            {t('manage.tabInteractions')}
          </TabButton>
        </div>
        <div ref={keptRoom} aria-hidden="true" />
        <div className="mod-grid">
          {tab === 'interactions' ? (
            <div id="panel-main" role="tabpanel" aria-labelledby="tab-interactions">
              <ModeratorInteractions sync={sync} />
            </div>
          ) : (
            <QuestionQueue
              queue={queue}
              commands={commands}
              send={sync.send}
              syncError={sync.status.kind === 'error' ? sync.status.error : null}
              tz={programme.edition.timeZone}
            />
          )}
          <aside className="mod-side">
            {/* First: at the end of the column it opened 1,300 px below « Aide (?) », out of sight. */}
            {showHelp && <HelpPanel onClose={() => setShowHelp(false)} />}
            <OnScreenPanel
              interaction={state ? screenInteraction(state.interactions, screen) : null}
              question={onScreen}
              history={screen?.kind === 'history'}
              onClear={() => void commands.show(null)}
              black={state?.live.blackout ?? false}
              onBlack={(on) => void commands.blackout(on)}
            >
              <ProjectorPreview
                programme={programme}
                session={session}
                state={state}
                connection={connection}
                settings={preview}
                onSettings={setPreview}
              />
            </OnScreenPanel>
            {state && (
              <PhoneWarnings
                items={[...state.interactions.polls.values(), ...state.interactions.clouds.values()]}
                policy={state.live.policy}
              />
            )}
            <BalancePanel
              questions={state ? [...state.qa.questions.values()] : []}
              shown={state?.shown ?? []}
              onShow={(id) => void commands.show(id)}
              onShowHistory={() => void commands.showHistory()}
            />
            <HybridSettings
              sessionId={session.id}
              delay={state?.live.remoteDelaySeconds ?? session.remoteDelaySeconds}
              connected={state?.interactions.connected ?? null}
              send={sync.send}
            />
            <MeasuredDelayPanel
              sessionId={session.id}
              figures={state?.measuredDelay ?? null}
              send={sync.send}
            />
          </aside>
        </div>
      </main>
    </>
  );
}

function ConsoleHead({
  programme,
  session,
  showHelp,
  onToggleHelp,
  projectorUrl,
}: {
  programme: Programme;
  session: ProgrammeSession;
  showHelp: boolean;
  onToggleHelp: () => void;
  /** The projector page, with the theme chosen in the preview. */
  projectorUrl: string;
}) {
  const { t, i18n } = useTranslation();
  const slug = programme.edition.slug;
  const tz = programme.edition.timeZone;
  return (
    <div className="mod-head">
      <div>
        <p className="back">
          <Link href={paths.programme(slug)}>{t('app.backToProgramme')}</Link>
        </p>
        <h1>
          <span className="muted">{t('moderator.title')} · </span>
          <span data-testid="session-title">
            <UserText text={session.title} />
          </span>
        </h1>
        <p className="muted small">
          <span className={`badge kind-${session.kind}`}>{t(`programme.${session.kind}`)}</span>{' '}
          {formatTime(session.startsAt, i18n.language, tz)}–{formatTime(session.endsAt, i18n.language, tz)}
          {session.room ? ` · ${session.room}` : ''}
        </p>
      </div>
      <div className="mod-head-actions">
        <a className="button" href={projectorUrl} target="_blank" rel="noopener" data-testid="open-projector">
          {t('moderator.openProjector')}
        </a>
        <button type="button" className="button" aria-expanded={showHelp} onClick={onToggleHelp}>
          {t('moderator.helpToggle')}
        </button>
      </div>
    </div>
  );
}

/** One of the console's tabs; both control the same panel, `panel-main`. */
function TabButton({
  name,
  current,
  onSelect,
  children,
}: {
  name: Tab;
  current: Tab;
  onSelect: (tab: Tab) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${name}`}
      aria-selected={current === name}
      aria-controls="panel-main"
      onClick={() => onSelect(name)}
      data-testid={`tab-${name}`}
    >
      {children}
    </button>
  );
}
