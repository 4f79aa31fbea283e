/**
 * The YouTube IFrame Player API, loaded once from YouTube when a YouTube video is first shown (the
 * page's CSP allows that one script host). Only the part the player uses is typed here.
 */

export type YouTubePlayer = {
  seekTo(seconds: number, allowSeekAhead: boolean): void;
  getCurrentTime(): number;
  /** -1 unstarted, 0 ended, 1 playing, 2 paused, 3 buffering, 5 cued. */
  getPlayerState(): number;
  destroy(): void;
};

type YouTubeNamespace = {
  Player: new (
    element: HTMLIFrameElement,
    options: {
      events: {
        onReady?: () => void;
        onError?: (event: { data: number }) => void;
      };
    },
  ) => YouTubePlayer;
};

type YouTubeWindow = Window & {
  YT?: YouTubeNamespace & { loaded?: number };
  onYouTubeIframeAPIReady?: () => void;
};

const API_URL = 'https://www.youtube.com/iframe_api';

let loading: Promise<YouTubeNamespace> | null = null;

/** Resolves with the API once its script ran; rejects if the script cannot be loaded (offline, blocked). */
export function loadYouTubeApi(): Promise<YouTubeNamespace> {
  const w = window as YouTubeWindow;
  if (w.YT?.loaded) return Promise.resolve(w.YT);
  loading ??= new Promise<YouTubeNamespace>((resolve, reject) => {
    const previous = w.onYouTubeIframeAPIReady;
    w.onYouTubeIframeAPIReady = () => {
      previous?.();
      if (w.YT) resolve(w.YT);
      else reject(new Error('YouTube API missing'));
    };
    const script = document.createElement('script');
    script.src = API_URL;
    script.async = true;
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error('YouTube API not loaded'));
    };
    document.head.append(script);
  });
  return loading;
}
