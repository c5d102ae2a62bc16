/**
 * A deployment as docker-compose describes it: which services run, which
 * ports they publish, which environment they get and which config files they
 * mount. Knowledge of compose lives in src/deploy; rules only read this shape.
 */

/** Where a value is written in a compose or .env file (1-based). */
export interface DeployLoc {
  file: string;
  line: number;
  column: number;
}

export type Proto = 'tcp' | 'udp';

/** One published port or range: `"10000-10010:10000-10010/udp"`, `8080:80`. */
export interface PortMapping {
  /** host address the port is bound to ('' = all interfaces) */
  hostIp: string;
  /** first host port; undefined when compose picks one (`"80"` alone) */
  hostPort?: number;
  hostPortEnd?: number;
  containerPort: number;
  containerPortEnd: number;
  protocol: Proto;
  /** the entry as written */
  raw: string;
  loc?: DeployLoc;
}

export interface Mount {
  /** host path (resolved against the compose file's directory) or volume name */
  source: string;
  /** path inside the container */
  target: string;
  readOnly: boolean;
  loc?: DeployLoc;
}

export type ServiceRole = 'zlm' | 'wvp' | 'other';

export interface ComposeService {
  name: string;
  image?: string;
  /** 'zlm' (a ZLMediaKit image or a mount of config.ini), 'wvp' (WVP image or application*.yml), else 'other' */
  role: ServiceRole;
  ports: PortMapping[];
  /** environment after `.env` interpolation and env_file; values as the container sees them */
  environment: Map<string, string>;
  /** where each environment variable is set */
  envLoc: Map<string, DeployLoc>;
  /** `network_mode` as written ('host', 'service:x', 'bridge', …); undefined = the compose network */
  networkMode?: string;
  networks: string[];
  dependsOn: string[];
  mounts: Mount[];
  /** compose file that defines it, and the line of `name:` */
  loc: DeployLoc;
  /** environment variables whose value used a compose variable that is not set: unknown, not '' */
  envUnresolved?: Map<string, string[]>;
  /** `ports` entries that could not be read (unset variable, unparsable): publishing is then not fully known */
  portsUnknown?: string[];
  /** `container_name`, when set (another name the service answers to on the network) */
  containerName?: string;
  /** network aliases, hostname */
  aliases?: string[];
  /** `command` as written (joined when a list) */
  command?: string;
  /** whether the service is built (`build:`) rather than pulled */
  build?: boolean;
  /** fixed addresses (`networks: {net: {ipv4_address: …}}`), network → address */
  ipv4Addresses?: Map<string, string>;
}

export interface DeployProblem {
  file: string;
  line?: number;
  detail: string;
}

export interface Deployment {
  /** compose files read, in order (later ones override earlier ones) */
  files: string[];
  /** `.env` files read (variables for compose interpolation) */
  envFiles: string[];
  services: ComposeService[];
  /** variables from `.env` (interpolation scope of the compose file) */
  dotenv: Map<string, string>;
  problems: DeployProblem[];
  /** text of every compose and .env file read (for code frames) */
  sources?: Map<string, string>;
  /** subnets declared under top-level `networks: {net: {ipam: {config: [{subnet}]}}}`, network → CIDRs */
  subnets?: Map<string, string[]>;
}
