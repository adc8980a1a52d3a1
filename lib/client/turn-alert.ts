"use client";

// Telling a fan whose tab is in the background that it is their turn: the tab title flashes until they look,
// a short chime plays if they asked for sound, and a system notification appears if they allowed it.

let pendingTitle: string | null = null;
let audio: AudioContext | null = null;

/** Called from the click that turns sound on: browsers only let a page make sound after a gesture. */
export function unlockSound(): boolean {
  try {
    const Context =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return false;
    audio ??= new Context();
    void audio.resume();
    return true;
  } catch {
    return false;
  }
}

function chime(): void {
  if (!audio) return;
  const start = audio.currentTime;
  for (const [i, frequency] of [880, 1175].entries()) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.25 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.22);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + i * 0.25);
    oscillator.stop(start + i * 0.25 + 0.25);
  }
}

export function notificationsSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/** The fan's turn came: alert them by every channel they opted into. */
export function announceTurn(options: { title: string; body: string; sound: boolean }): void {
  if (options.sound) chime();
  if (document.hidden) {
    pendingTitle = options.title;
    if (notificationsSupported() && Notification.permission === "granted") {
      try {
        const notification = new Notification(options.title, { body: options.body, tag: "ticketing-turn" });
        notification.onclick = () => window.focus();
      } catch {
        // Some browsers allow notifications only from a service worker; the title still flashes.
      }
    }
  }
}

/**
 * Keeps the tab title flashing on whatever page the fan was moved to (the seat map) until the tab is seen.
 * Returns a cleanup for useEffect.
 */
export function flashTitleWhileHidden(): () => void {
  if (!pendingTitle || !document.hidden) {
    pendingTitle = null;
    return () => {};
  }
  const alertTitle = pendingTitle;
  let original = document.title;
  let on = true;
  document.title = alertTitle;
  const timer = setInterval(() => {
    // The page's own title may arrive after navigation; remember it so it comes back when the fan looks.
    if (document.title !== alertTitle) original = document.title;
    on = !on;
    document.title = on ? alertTitle : original;
  }, 1_000);
  const stop = () => {
    if (document.hidden) return;
    clearInterval(timer);
    document.title = original;
    pendingTitle = null;
    document.removeEventListener("visibilitychange", stop);
  };
  document.addEventListener("visibilitychange", stop);
  return () => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", stop);
  };
}
