// Keys live in memory only, unless the user ticks "remember in this browser": then in IndexedDB
// (this origin only), until "forget". One slot per kind of key ('v2' API key; v3 and Alipay
// tabs add their own slots), shared by every tab that uses it.
const DB_NAME = 'wechatpay-wasm-debugger';
const STORE = 'keys';

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req?.result);
      t.onerror = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

const slots = new Map();

/** The shared state of one key slot: `{ value, remembered, set(value, from), subscribe(fn) }`. */
export function keySlot(name) {
  let slot = slots.get(name);
  if (slot) return slot;
  const listeners = new Set();
  let saveTimer;
  slot = {
    name,
    value: '',
    remembered: false,
    loaded: tx('readonly', (s) => s.get(name)).then((stored) => {
      if (typeof stored === 'string') {
        slot.remembered = true;
        if (!slot.value) slot.set(stored);
        else slot.emit();
      }
    }).catch(() => {}),
    set(value, from) {
      slot.value = value;
      if (slot.remembered) {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => tx('readwrite', (s) => s.put(slot.value, name)).catch(() => {}), 250);
      }
      slot.emit(from);
    },
    async remember(on) {
      slot.remembered = on;
      clearTimeout(saveTimer);
      if (on) await tx('readwrite', (s) => s.put(slot.value, name));
      else await tx('readwrite', (s) => s.delete(name));
      slot.emit();
    },
    emit(from) { for (const fn of listeners) fn(from); },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
  slots.set(name, slot);
  return slot;
}
