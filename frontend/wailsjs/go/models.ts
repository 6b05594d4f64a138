export namespace app {
	
	export class AboutInfo {
	    version: string;
	    home: string;
	    keyring: string;
	    attributions: string[];
	    geoData: string[];
	
	    static createFrom(source: any = {}) {
	        return new AboutInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.home = source["home"];
	        this.keyring = source["keyring"];
	        this.attributions = source["attributions"];
	        this.geoData = source["geoData"];
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
	export class BundleView {
	    file: string;
	    fingerprint: string;
	    trust: string;
	    trustedAs: string;
	    kind: string;
	    review: string;
	    createdAt: string;
	    createdBy: string;
	    workspace: string;
	    note: string;
	    notes: number;
	    originalFingerprint: string;
	
	    static createFrom(source: any = {}) {
	        return new BundleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.fingerprint = source["fingerprint"];
	        this.trust = source["trust"];
	        this.trustedAs = source["trustedAs"];
	        this.kind = source["kind"];
	        this.review = source["review"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.workspace = source["workspace"];
	        this.note = source["note"];
	        this.notes = source["notes"];
	        this.originalFingerprint = source["originalFingerprint"];
	    }
	}
	export class CompareQuery {
	    connectionId: number;
	    from: number;
	    to: number;
	
	    static createFrom(source: any = {}) {
	        return new CompareQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.from = source["from"];
	        this.to = source["to"];
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
	
	export class Country {
	    code: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Country(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.name = source["name"];
	    }
	}
	export class UserDevice {
	    username: string;
	    browser: string;
	    platform: string;
	
	    static createFrom(source: any = {}) {
	        return new UserDevice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.browser = source["browser"];
	        this.platform = source["platform"];
	    }
	}
	export class OrgDiff {
	    connectionId: number;
	    connection: string;
	    from: string;
	    to: string;
	    fromSessions: number;
	    toSessions: number;
	    newSessions: number;
	    endedSessions: number;
	
	    static createFrom(source: any = {}) {
	        return new OrgDiff(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.fromSessions = source["fromSessions"];
	        this.toSessions = source["toSessions"];
	        this.newSessions = source["newSessions"];
	        this.endedSessions = source["endedSessions"];
	    }
	}
	export class DiffView {
	    orgs: OrgDiff[];
	    newSessions: number;
	    endedSessions: number;
	    newUsers: string[];
	    newUserCount: number;
	    newCountries: string[];
	    newDevices: UserDevice[];
	    newDeviceCount: number;
	    skipped: string[];
	
	    static createFrom(source: any = {}) {
	        return new DiffView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.orgs = this.convertValues(source["orgs"], OrgDiff);
	        this.newSessions = source["newSessions"];
	        this.endedSessions = source["endedSessions"];
	        this.newUsers = source["newUsers"];
	        this.newUserCount = source["newUserCount"];
	        this.newCountries = source["newCountries"];
	        this.newDevices = this.convertValues(source["newDevices"], UserDevice);
	        this.newDeviceCount = source["newDeviceCount"];
	        this.skipped = source["skipped"];
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
	export class Facets {
	    countries: Country[];
	    sessionTypes: string[];
	    loginTypes: string[];
	    securityLevels: string[];
	    deviceTypes: string[];
	
	    static createFrom(source: any = {}) {
	        return new Facets(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.countries = this.convertValues(source["countries"], Country);
	        this.sessionTypes = source["sessionTypes"];
	        this.loginTypes = source["loginTypes"];
	        this.securityLevels = source["securityLevels"];
	        this.deviceTypes = source["deviceTypes"];
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
	export class GeoSettings {
	    cityDb: string;
	    asnDb: string;
	    inUse: string[];
	    attributions: string[];
	
	    static createFrom(source: any = {}) {
	        return new GeoSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cityDb = source["cityDb"];
	        this.asnDb = source["asnDb"];
	        this.inUse = source["inUse"];
	        this.attributions = source["attributions"];
	    }
	}
	export class LoginView {
	    at: string;
	    status: string;
	    sourceIp: string;
	    detail: string;
	    place: string;
	
	    static createFrom(source: any = {}) {
	        return new LoginView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.status = source["status"];
	        this.sourceIp = source["sourceIp"];
	        this.detail = source["detail"];
	        this.place = source["place"];
	    }
	}
	export class LoginHistoryView {
	    supported: boolean;
	    logins: LoginView[];
	
	    static createFrom(source: any = {}) {
	        return new LoginHistoryView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.supported = source["supported"];
	        this.logins = this.convertValues(source["logins"], LoginView);
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
	
	export class MapPlace {
	    place: string;
	    city: string;
	    subdivision: string;
	    country: string;
	    countryCode: string;
	    latitude: number;
	    longitude: number;
	    sessions: number;
	    users: number;
	
	    static createFrom(source: any = {}) {
	        return new MapPlace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.place = source["place"];
	        this.city = source["city"];
	        this.subdivision = source["subdivision"];
	        this.country = source["country"];
	        this.countryCode = source["countryCode"];
	        this.latitude = source["latitude"];
	        this.longitude = source["longitude"];
	        this.sessions = source["sessions"];
	        this.users = source["users"];
	    }
	}
	export class SessionFilter {
	    connectionIds: number[];
	    user: string;
	    username: string;
	    ip: string;
	    sessionType: string;
	    countries: string[];
	    city: string;
	    place: string;
	    asn: string;
	    loginType: string;
	    securityLevel: string;
	    browser: string;
	    platform: string;
	    deviceType: string;
	    createdFrom: string;
	    createdTo: string;
	    activeFrom: string;
	    activeTo: string;
	    newOnly: boolean;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionIds = source["connectionIds"];
	        this.user = source["user"];
	        this.username = source["username"];
	        this.ip = source["ip"];
	        this.sessionType = source["sessionType"];
	        this.countries = source["countries"];
	        this.city = source["city"];
	        this.place = source["place"];
	        this.asn = source["asn"];
	        this.loginType = source["loginType"];
	        this.securityLevel = source["securityLevel"];
	        this.browser = source["browser"];
	        this.platform = source["platform"];
	        this.deviceType = source["deviceType"];
	        this.createdFrom = source["createdFrom"];
	        this.createdTo = source["createdTo"];
	        this.activeFrom = source["activeFrom"];
	        this.activeTo = source["activeTo"];
	        this.newOnly = source["newOnly"];
	        this.text = source["text"];
	    }
	}
	export class MapQuery {
	    filter: SessionFilter;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new MapQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filter = this.convertValues(source["filter"], SessionFilter);
	        this.limit = source["limit"];
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
	export class MapView {
	    places: MapPlace[];
	    total: number;
	    located: number;
	    unlocated: number;
	
	    static createFrom(source: any = {}) {
	        return new MapView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.places = this.convertValues(source["places"], MapPlace);
	        this.total = source["total"];
	        this.located = source["located"];
	        this.unlocated = source["unlocated"];
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
	
	export class PlaceUser {
	    username: string;
	    name: string;
	    sessions: number;
	
	    static createFrom(source: any = {}) {
	        return new PlaceUser(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.name = source["name"];
	        this.sessions = source["sessions"];
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
	    asn: number;
	    asnOrg: string;
	    deviceType: string;
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
	        this.asn = source["asn"];
	        this.asnOrg = source["asnOrg"];
	        this.deviceType = source["deviceType"];
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
	    filter: SessionFilter;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new SessionQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filter = this.convertValues(source["filter"], SessionFilter);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
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
	export class SnapshotView {
	    id: number;
	    connectionId: number;
	    connection: string;
	    startedAt: string;
	    finishedAt: string;
	    status: string;
	    sessions: number;
	    error: string;
	    current: boolean;
	    comparable: boolean;
	    meta: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new SnapshotView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.startedAt = source["startedAt"];
	        this.finishedAt = source["finishedAt"];
	        this.status = source["status"];
	        this.sessions = source["sessions"];
	        this.error = source["error"];
	        this.current = source["current"];
	        this.comparable = source["comparable"];
	        this.meta = source["meta"];
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
	export class TravelLeg {
	    from: number;
	    to: number;
	    km: number;
	    hours: number;
	    kmh: number;
	    impossible: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TravelLeg(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.km = source["km"];
	        this.hours = source["hours"];
	        this.kmh = source["kmh"];
	        this.impossible = source["impossible"];
	    }
	}
	export class TravelStop {
	    connection: string;
	    displayId: string;
	    place: string;
	    city: string;
	    country: string;
	    latitude: number;
	    longitude: number;
	    at: string;
	    sourceIp: string;
	
	    static createFrom(source: any = {}) {
	        return new TravelStop(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connection = source["connection"];
	        this.displayId = source["displayId"];
	        this.place = source["place"];
	        this.city = source["city"];
	        this.country = source["country"];
	        this.latitude = source["latitude"];
	        this.longitude = source["longitude"];
	        this.at = source["at"];
	        this.sourceIp = source["sourceIp"];
	    }
	}
	export class TravelView {
	    username: string;
	    stops: TravelStop[];
	    legs: TravelLeg[];
	    unlocated: number;
	
	    static createFrom(source: any = {}) {
	        return new TravelView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.username = source["username"];
	        this.stops = this.convertValues(source["stops"], TravelStop);
	        this.legs = this.convertValues(source["legs"], TravelLeg);
	        this.unlocated = source["unlocated"];
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
	    filter: SessionFilter;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new UsersQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filter = this.convertValues(source["filter"], SessionFilter);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
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

