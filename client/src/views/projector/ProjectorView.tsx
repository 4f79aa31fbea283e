import type { Programme, Role, ProgrammeSession } from '@agora/shared';
import { useMemo } from 'react';
import { useConnectionState } from '../../realtime/hooks.ts';
import { useAudienceSession } from '../../realtime/session-store.ts';
import { getSocket } from '../../realtime/socket.ts';
import { projectorScreen } from '../../state/session.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useSessionContext } from '../session-context.ts';
import { ProjectorDisplay } from './ProjectorDisplay.tsx';
import { projectorLook } from './projector-look.ts';

// A moderator's laptop may drive the projector without a projector code.
const ROLES = ['projector', 'moderator'] as const;

/** The projector's page: the whole screen is the projector's frame (its container, styles.css). */
export function ProjectorView({ slug, sessionId }: { slug: string; sessionId: string }) {
  const ctx = useSessionContext(slug, sessionId, ROLES);
  return (
    <div className="projector-frame">
      {ctx.kind === 'ready' ? (
        <Screen role={ctx.me.role} programme={ctx.programme} session={ctx.session} />
      ) : (
        <main className="projector" data-testid="projector">
          {ctx.kind === 'error' && <ErrorMessage error={ctx.error} retrying />}
        </main>
      )}
    </div>
  );
}

function Screen({
  role,
  programme,
  session,
}: {
  role: Role;
  programme: Programme;
  session: ProgrammeSession;
}) {
  const socket = getSocket(role);
  const connection = useConnectionState(socket);
  const sync = useAudienceSession(socket, session.id);
  // The one state object the projector renders; only what the audience may see (a moderator's
  // laptop could hold hidden results).
  const screen = sync.state ? projectorScreen(sync.state) : { kind: 'join' as const };
  const look = useMemo(() => projectorLook(programme, window.location.search), [programme]);
  return (
    <ProjectorDisplay
      programme={programme}
      session={session}
      screen={screen}
      black={sync.state?.live.blackout ?? false}
      connection={connection}
      look={look}
    />
  );
}
