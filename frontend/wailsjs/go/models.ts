export namespace app {
	
	export class AboutInfo {
	    version: string;
	    home: string;
	    keyring: string;
	
	    static createFrom(source: any = {}) {
	        return new AboutInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.home = source["home"];
	        this.keyring = source["keyring"];
	    }
	}
	export class AuditView {
	    id: number;
	    at: string;
	    actor: string;
	    action: string;
	    connection: string;
	    target: string;
	    reason: string;
	    result: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.action = source["action"];
	        this.connection = source["connection"];
	        this.target = source["target"];
	        this.reason = source["reason"];
	        this.result = source["result"];
	        this.detail = source["detail"];
	    }
	}
	export class ConnectionView {
	    id: number;
	    name: string;
	    kind: string;
	    kindName: string;
	    url: string;
	    demo: boolean;
	    status: string;
	    message: string;
	    lastRefresh: string;
	    sessionCount: number;
	    capabilities: source.Capabilities;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.kindName = source["kindName"];
	        this.url = source["url"];
	        this.demo = source["demo"];
	        this.status = source["status"];
	        this.message = source["message"];
	        this.lastRefresh = source["lastRefresh"];
	        this.sessionCount = source["sessionCount"];
	        this.capabilities = this.convertValues(source["capabilities"], source.Capabilities);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectionDetail {
	    connection: ConnectionView;
	    options: Record<string, string>;
	    secretsStored: Record<string, boolean>;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connection = this.convertValues(source["connection"], ConnectionView);
	        this.options = source["options"];
	        this.secretsStored = source["secretsStored"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectionForm {
	    id: number;
	    kind: string;
	    name: string;
	    url: string;
	    options: Record<string, string>;
	    secrets: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.name = source["name"];
	        this.url = source["url"];
	        this.options = source["options"];
	        this.secrets = source["secrets"];
	    }
	}
	
	export class SessionRow {
	    connectionId: number;
	    connection: string;
	    id: string;
	    displayId: string;
	    parentId: string;
	    userId: string;
	    username: string;
	    name: string;
	    userType: string;
	    sessionType: string;
	    loginType: string;
	    securityLevel: string;
	    createdAt: string;
	    lastActiveAt: string;
	    expiresAt: string;
	    sourceIp: string;
	    city: string;
	    subdivision: string;
	    country: string;
	    countryCode: string;
	    latitude?: number;
	    longitude?: number;
	    geoSource: string;
	    browser: string;
	    platform: string;
	    application: string;
	    userAgent: string;
	    isCurrent: boolean;
	    endedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.id = source["id"];
	        this.displayId = source["displayId"];
	        this.parentId = source["parentId"];
	        this.userId = source["userId"];
	        this.username = source["username"];
	        this.name = source["name"];
	        this.userType = source["userType"];
	        this.sessionType = source["sessionType"];
	        this.loginType = source["loginType"];
	        this.securityLevel = source["securityLevel"];
	        this.createdAt = source["createdAt"];
	        this.lastActiveAt = source["lastActiveAt"];
	        this.expiresAt = source["expiresAt"];
	        this.sourceIp = source["sourceIp"];
	        this.city = source["city"];
	        this.subdivision = source["subdivision"];
	        this.country = source["country"];
	        this.countryCode = source["countryCode"];
	        this.latitude = source["latitude"];
	        this.longitude = source["longitude"];
	        this.geoSource = source["geoSource"];
	        this.browser = source["browser"];
	        this.platform = source["platform"];
	        this.application = source["application"];
	        this.userAgent = source["userAgent"];
	        this.isCurrent = source["isCurrent"];
	        this.endedAt = source["endedAt"];
	    }
	}
	export class SessionDetail {
	    session: SessionRow;
	    raw: string;
	    userSessions: SessionRow[];
	    snapshotId: number;
	    snapshotAt: string;
	    capabilities: source.Capabilities;
	
	    static createFrom(source: any = {}) {
	        return new SessionDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = this.convertValues(source["session"], SessionRow);
	        this.raw = source["raw"];
	        this.userSessions = this.convertValues(source["userSessions"], SessionRow);
	        this.snapshotId = source["snapshotId"];
	        this.snapshotAt = source["snapshotAt"];
	        this.capabilities = this.convertValues(source["capabilities"], source.Capabilities);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SessionPage {
	    rows: SessionRow[];
	    total: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new SessionPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], SessionRow);
	        this.total = source["total"];
	        this.offset = source["offset"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SessionQuery {
	    connectionIds: number[];
	    user: string;
	    username: string;
	    ip: string;
	    sessionType: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new SessionQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionIds = source["connectionIds"];
	        this.user = source["user"];
	        this.username = source["username"];
	        this.ip = source["ip"];
	        this.sessionType = source["sessionType"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	
	export class SignOutRequest {
	    connectionId: number;
	    sessionId: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new SignOutRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.sessionId = source["sessionId"];
	        this.reason = source["reason"];
	    }
	}
	export class SignOutResult {
	    sessionId: string;
	    outcome: string;
	    message: string;
	    auditId: number;
	
	    static createFrom(source: any = {}) {
	        return new SignOutResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sessionId = source["sessionId"];
	        this.outcome = source["outcome"];
	        this.message = source["message"];
	        this.auditId = source["auditId"];
	    }
	}
	export class TestResult {
	    ok: boolean;
	    signedInAs: string;
	    permissions: source.PermissionCheck[];
	    limits: string;
	    error: string;
	    errorCode: string;
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.signedInAs = source["signedInAs"];
	        this.permissions = this.convertValues(source["permissions"], source.PermissionCheck);
	        this.limits = source["limits"];
	        this.error = source["error"];
	        this.errorCode = source["errorCode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UserRow {
	    username: string;
	    name: string;
	    connections: string[];
	    sessions: number;
	    countries: number;
	    lastActiveAt: string;
	
	    static createFrom(source: any = {}) {
	        return new UserRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.name = source["name"];
	        this.connections = source["connections"];
	        this.sessions = source["sessions"];
	        this.countries = source["countries"];
	        this.lastActiveAt = source["lastActiveAt"];
	    }
	}
	export class UserPage {
	    rows: UserRow[];
	    total: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new UserPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], UserRow);
	        this.total = source["total"];
	        this.offset = source["offset"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class UsersQuery {
	    connectionIds: number[];
	    user: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new UsersQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionIds = source["connectionIds"];
	        this.user = source["user"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace source {
	
	export class Capabilities {
	    revokeOne: boolean;
	    revokeBatch: boolean;
	    maxBatch: number;
	    revokeUser: boolean;
	    containUser: boolean;
	    loginHistory: boolean;
	    policy: boolean;
	    health: boolean;
	    whoAmI: boolean;
	    rateLimit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Capabilities(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.revokeOne = source["revokeOne"];
	        this.revokeBatch = source["revokeBatch"];
	        this.maxBatch = source["maxBatch"];
	        this.revokeUser = source["revokeUser"];
	        this.containUser = source["containUser"];
	        this.loginHistory = source["loginHistory"];
	        this.policy = source["policy"];
	        this.health = source["health"];
	        this.whoAmI = source["whoAmI"];
	        this.rateLimit = source["rateLimit"];
	    }
	}
	export class Option {
	    name: string;
	    label: string;
	    help: string;
	    secret: boolean;
	    required: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Option(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.secret = source["secret"];
	        this.required = source["required"];
	    }
	}
	export class Descriptor {
	    kind: string;
	    displayName: string;
	    options: Option[];
	    sessionIdIsSecret: boolean;
	    urlHelp: string;
	    signIn: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Descriptor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.displayName = source["displayName"];
	        this.options = this.convertValues(source["options"], Option);
	        this.sessionIdIsSecret = source["sessionIdIsSecret"];
	        this.urlHelp = source["urlHelp"];
	        this.signIn = source["signIn"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PermissionCheck {
	    name: string;
	    ok: boolean;
	    hint: string;
	
	    static createFrom(source: any = {}) {
	        return new PermissionCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.ok = source["ok"];
	        this.hint = source["hint"];
	    }
	}

}

