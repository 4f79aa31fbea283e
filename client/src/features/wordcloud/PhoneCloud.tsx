import type { CloudWord } from '@agora/shared';
import { WordCloud } from './WordCloud.tsx';

/**
 * The live cloud on a participant's phone: the projector's layout and colours on the projector's
 * black, in a box the phone's width, with sizes in pixels. Its own chunk (with d3-cloud), loaded
 * only when a cloud's results are shown to the audience.
 */
export default function PhoneCloud({ words }: { words: readonly CloudWord[] }) {
  return (
    <div className="phone-cloud" data-testid="phone-cloud-box">
      <WordCloud words={words} sizing="phone" testId="phone-cloud" />
    </div>
  );
}
