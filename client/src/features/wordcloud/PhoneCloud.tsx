import type { CloudWord } from '@agora/shared';
import { WordCloud } from './WordCloud.tsx';

/**
 * The live cloud on a participant's phone: the projector's layout and colours, with sizes in
 * pixels, inside the card's black box (`.phone-cloud`, drawn before this arrives). Its own chunk
 * (with d3-cloud), loaded only when a cloud's results are shown to the audience.
 */
export default function PhoneCloud({ words }: { words: readonly CloudWord[] }) {
  return <WordCloud words={words} sizing="phone" testId="phone-cloud" />;
}
