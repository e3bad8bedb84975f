import vscode = require('vscode');
import { Config, DEFAULT_API_URL } from './config';
import { ApiKeyStore } from './secrets';

/** Where runs go: a name, an API URL, and a key kept in SecretStorage under the profile's own id. */
export interface Profile {
  id: string;
  name: string;
  apiUrl: string;
}

/** The profile made of `notte.apiUrl` / `NOTTE_API_URL` and the key of "Set API Key" / `NOTTE_API_KEY`. */
export const DEFAULT_PROFILE_ID = 'default';
/** The profile `Start Local Functions Server` adds or updates. */
export const LOCAL_PROFILE_ID = 'local';
export const LOCAL_PROFILE_NAME = 'Local server';

const PROFILES_KEY = 'notte.profiles';
const ACTIVE_KEY = 'notte.activeProfile';
const KEY_PREFIX = 'notte.apiKey.profile.';

/**
 * The profiles of this machine (in global state: names and URLs only, never keys) and which one is
 * active. The default profile is not stored: it is the settings and the environment as they are, so
 * `notte.apiUrl`, `NOTTE_API_URL` and `NOTTE_API_KEY` keep working unchanged. Each other profile's key
 * is a secret of its own, so switching never hands one server another's key.
 */
export class ProfileStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The active profile, its URL or its key changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly config: Config,
    private readonly defaultKeys: ApiKeyStore,
  ) {
    this.subscriptions.push(
      secrets.onDidChange((event) => {
        if (event.key === KEY_PREFIX + this.active().id) this.changed.fire();
      }),
    );
  }

  defaultProfile(): Profile {
    const apiUrl = this.config.apiUrl;
    // Named by where it points: "Default" told a person nothing, and next to a cloud icon it read as Notte's cloud.
    return { id: DEFAULT_PROFILE_ID, name: apiUrl === DEFAULT_API_URL ? 'Notte Cloud' : hostOf(apiUrl), apiUrl };
  }

  /** The default profile first, then the others in the order they were added. */
  list(): Profile[] {
    return [this.defaultProfile(), ...this.stored()];
  }

  get(id: string): Profile | undefined {
    return this.list().find((p) => p.id === id);
  }

  active(): Profile {
    const id = this.memento.get<string>(ACTIVE_KEY);
    return (id && this.get(id)) || this.defaultProfile();
  }

  isLocal(profile: Profile = this.active()): boolean {
    return profile.id === LOCAL_PROFILE_ID;
  }

  async activate(id: string): Promise<Profile> {
    const profile = this.get(id) ?? this.defaultProfile();
    await this.memento.update(ACTIVE_KEY, profile.id);
    this.changed.fire();
    return profile;
  }

  /** Adds a profile or updates the one with this id (or name); the key, when given, is stored with it. */
  async save(profile: Omit<Profile, 'id'> & { id?: string }, key?: string): Promise<Profile> {
    const others = this.stored();
    const id = profile.id ?? others.find((p) => p.name === profile.name)?.id ?? uniqueId(profile.name, others);
    if (id === DEFAULT_PROFILE_ID) throw new Error('The default profile comes from the settings; change notte.apiUrl instead.');
    const saved: Profile = { id, name: profile.name.trim() || id, apiUrl: profile.apiUrl.replace(/\/+$/, '') };
    const index = others.findIndex((p) => p.id === id);
    if (index >= 0) others[index] = saved;
    else others.push(saved);
    await this.memento.update(PROFILES_KEY, others);
    if (key !== undefined) await this.secrets.store(KEY_PREFIX + id, key.trim());
    if (this.active().id === id) this.changed.fire();
    return saved;
  }

  async remove(id: string): Promise<void> {
    if (id === DEFAULT_PROFILE_ID) return;
    const wasActive = this.active().id === id;
    await this.memento.update(
      PROFILES_KEY,
      this.stored().filter((p) => p.id !== id),
    );
    await this.secrets.delete(KEY_PREFIX + id);
    if (wasActive) await this.activate(DEFAULT_PROFILE_ID);
  }

  /** The profile's key: the default's from "Set API Key" or NOTTE_API_KEY; any other's from its own secret. */
  async key(profile: Profile = this.active()): Promise<string | undefined> {
    if (profile.id === DEFAULT_PROFILE_ID) return this.defaultKeys.get();
    return (await this.secrets.get(KEY_PREFIX + profile.id)) || undefined;
  }

  async setKey(profile: Profile, key: string): Promise<void> {
    if (profile.id === DEFAULT_PROFILE_ID) await this.defaultKeys.set(key);
    else await this.secrets.store(KEY_PREFIX + profile.id, key.trim());
  }

  async clearKey(profile: Profile): Promise<void> {
    if (profile.id === DEFAULT_PROFILE_ID) await this.defaultKeys.clear();
    else await this.secrets.delete(KEY_PREFIX + profile.id);
  }

  private stored(): Profile[] {
    const value = this.memento.get<unknown>(PROFILES_KEY);
    if (!Array.isArray(value)) return [];
    // A hand-edited or older state is read for what it holds; anything malformed is skipped, never thrown.
    return value.filter((p): p is Profile => !!p && typeof p.id === 'string' && typeof p.name === 'string' && typeof p.apiUrl === 'string' && p.id !== DEFAULT_PROFILE_ID);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function uniqueId(name: string, taken: Profile[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'profile';
  let id = base === DEFAULT_PROFILE_ID ? `${base}-2` : base;
  for (let n = 2; taken.some((p) => p.id === id); n++) id = `${base}-${n}`;
  return id;
}

/** The host (and port) of an address: a name shown everywhere, so never its user, password, path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || 'Default';
  } catch {
    return 'Default';
  }
}
