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
	export class AuditExport {
	    path: string;
	    entries: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditExport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.entries = source["entries"];
	    }
	}
	export class AuditQuery {
	    actor: string;
	    connection: string;
	    action: string;
	    result: string;
	    from: string;
	    to: string;
	    text: string;
	    beforeId: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.actor = source["actor"];
	        this.connection = source["connection"];
	        this.action = source["action"];
	        this.result = source["result"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.text = source["text"];
	        this.beforeId = source["beforeId"];
	        this.limit = source["limit"];
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
	    flagged: boolean;
	    flagRule: string;
	    flagSeverity: string;
	
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
	        this.flagged = source["flagged"];
	        this.flagRule = source["flagRule"];
	        this.flagSeverity = source["flagSeverity"];
	    }
	}
	export class SelectionView {
	    keys: session.SessionKey[];
	    filter?: SessionFilter;
	    user: string;
	    exclude: session.SessionKey[];
	
	    static createFrom(source: any = {}) {
	        return new SelectionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keys = this.convertValues(source["keys"], session.SessionKey);
	        this.filter = this.convertValues(source["filter"], SessionFilter);
	        this.user = source["user"];
	        this.exclude = this.convertValues(source["exclude"], session.SessionKey);
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
	export class BulkRequestView {
	    action: string;
	    selection: SelectionView;
	    userWide: boolean;
	    contain: boolean;
	    reason: string;
	    confirm: number;
	    fingerprint: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkRequestView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.selection = this.convertValues(source["selection"], SelectionView);
	        this.userWide = source["userWide"];
	        this.contain = source["contain"];
	        this.reason = source["reason"];
	        this.confirm = source["confirm"];
	        this.fingerprint = source["fingerprint"];
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
	export class BundleExportRequest {
	    file: string;
	    connectionIds: number[];
	    reviewId: number;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new BundleExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.connectionIds = source["connectionIds"];
	        this.reviewId = source["reviewId"];
	        this.note = source["note"];
	    }
	}
	export class BundleNoteView {
	    about: string;
	    text: string;
	    author: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new BundleNoteView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.about = source["about"];
	        this.text = source["text"];
	        this.author = source["author"];
	        this.at = source["at"];
	    }
	}
	export class BundleOrgView {
	    name: string;
	    kind: string;
	    snapshots: number;
	    sessions: number;
	
	    static createFrom(source: any = {}) {
	        return new BundleOrgView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.snapshots = source["snapshots"];
	        this.sessions = source["sessions"];
	    }
	}
	export class BundleOriginalRef {
	    fingerprint: string;
	    trust: string;
	    createdBy: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new BundleOriginalRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fingerprint = source["fingerprint"];
	        this.trust = source["trust"];
	        this.createdBy = source["createdBy"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class BundleReviewView {
	    id: number;
	    title: string;
	    closedAt: string;
	    closedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new BundleReviewView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.closedAt = source["closedAt"];
	        this.closedBy = source["closedBy"];
	    }
	}
	export class BundleView {
	    file: string;
	    size: number;
	    fingerprint: string;
	    trust: string;
	    trustedAs: string;
	    createdAt: string;
	    createdBy: string;
	    workspace: string;
	    app: string;
	    kind: string;
	    note: string;
	    review: BundleReviewView;
	    sessions: number;
	    allSessions: number;
	    auditRows: number;
	    connections: BundleOrgView[];
	    geo: string[];
	    notes: BundleNoteView[];
	    integrity: string;
	    original?: BundleOriginalRef;
	
	    static createFrom(source: any = {}) {
	        return new BundleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.size = source["size"];
	        this.fingerprint = source["fingerprint"];
	        this.trust = source["trust"];
	        this.trustedAs = source["trustedAs"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.workspace = source["workspace"];
	        this.app = source["app"];
	        this.kind = source["kind"];
	        this.note = source["note"];
	        this.review = this.convertValues(source["review"], BundleReviewView);
	        this.sessions = source["sessions"];
	        this.allSessions = source["allSessions"];
	        this.auditRows = source["auditRows"];
	        this.connections = this.convertValues(source["connections"], BundleOrgView);
	        this.geo = source["geo"];
	        this.notes = this.convertValues(source["notes"], BundleNoteView);
	        this.integrity = source["integrity"];
	        this.original = this.convertValues(source["original"], BundleOriginalRef);
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
	export class FieldError {
	    field: string;
	    msg: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.msg = source["msg"];
	    }
	}
	export class FileWritten {
	    path: string;
	    rows: number;
	
	    static createFrom(source: any = {}) {
	        return new FileWritten(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.rows = source["rows"];
	    }
	}
	export class Flag {
	    rule: string;
	    severity: string;
	    reason: string;
	    sessions: number;
	
	    static createFrom(source: any = {}) {
	        return new Flag(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rule = source["rule"];
	        this.severity = source["severity"];
	        this.reason = source["reason"];
	        this.sessions = source["sessions"];
	    }
	}
	export class RuleCountView {
	    rule: string;
	    flags: number;
	    sessions: number;
	
	    static createFrom(source: any = {}) {
	        return new RuleCountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rule = source["rule"];
	        this.flags = source["flags"];
	        this.sessions = source["sessions"];
	    }
	}
	export class FlagCountView {
	    connectionId: number;
	    connection: string;
	    computed: boolean;
	    computedAt: string;
	    sessions: number;
	    flagged: number;
	    high: number;
	    medium: number;
	    low: number;
	    rules: RuleCountView[];
	
	    static createFrom(source: any = {}) {
	        return new FlagCountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.computed = source["computed"];
	        this.computedAt = source["computedAt"];
	        this.sessions = source["sessions"];
	        this.flagged = source["flagged"];
	        this.high = source["high"];
	        this.medium = source["medium"];
	        this.low = source["low"];
	        this.rules = this.convertValues(source["rules"], RuleCountView);
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
	export class FlagTally {
	    sessions: number;
	    flags: number;
	    flagged: number;
	    high: number;
	    medium: number;
	    low: number;
	    rules: RuleCountView[];
	
	    static createFrom(source: any = {}) {
	        return new FlagTally(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sessions = source["sessions"];
	        this.flags = source["flags"];
	        this.flagged = source["flagged"];
	        this.high = source["high"];
	        this.medium = source["medium"];
	        this.low = source["low"];
	        this.rules = this.convertValues(source["rules"], RuleCountView);
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
	export class JobItemView {
	    seq: number;
	    connectionId: number;
	    method: string;
	    target: string;
	    userId: string;
	    username: string;
	    sessions: number;
	    state: string;
	    message: string;
	    attempts: number;
	    updatedAt: string;
	    recheck: string;
	
	    static createFrom(source: any = {}) {
	        return new JobItemView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.connectionId = source["connectionId"];
	        this.method = source["method"];
	        this.target = source["target"];
	        this.userId = source["userId"];
	        this.username = source["username"];
	        this.sessions = source["sessions"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.attempts = source["attempts"];
	        this.updatedAt = source["updatedAt"];
	        this.recheck = source["recheck"];
	    }
	}
	export class JobView {
	    id: number;
	    createdAt: string;
	    finishedAt: string;
	    action: string;
	    actor: string;
	    reason: string;
	    state: string;
	    total: number;
	    orgs: store.JobOrg[];
	    cancelRequested: boolean;
	    recheckedAt: string;
	    message: string;
	    counts: store.ItemCounts;
	
	    static createFrom(source: any = {}) {
	        return new JobView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.createdAt = source["createdAt"];
	        this.finishedAt = source["finishedAt"];
	        this.action = source["action"];
	        this.actor = source["actor"];
	        this.reason = source["reason"];
	        this.state = source["state"];
	        this.total = source["total"];
	        this.orgs = this.convertValues(source["orgs"], store.JobOrg);
	        this.cancelRequested = source["cancelRequested"];
	        this.recheckedAt = source["recheckedAt"];
	        this.message = source["message"];
	        this.counts = this.convertValues(source["counts"], store.ItemCounts);
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
	export class MarkRequest {
	    itemId: number;
	    rule: string;
	    decision: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new MarkRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.itemId = source["itemId"];
	        this.rule = source["rule"];
	        this.decision = source["decision"];
	        this.note = source["note"];
	    }
	}
	export class ReviewSnapshotView {
	    connectionId: number;
	    connection: string;
	    snapshotId: number;
	    snapshotAt: string;
	    sinceSnapshotId: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewSnapshotView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.snapshotId = source["snapshotId"];
	        this.snapshotAt = source["snapshotAt"];
	        this.sinceSnapshotId = source["sinceSnapshotId"];
	    }
	}
	export class ReviewView {
	    id: number;
	    title: string;
	    startedAt: string;
	    startedBy: string;
	    sinceReviewId: number;
	    closedAt: string;
	    closedBy: string;
	    closed: boolean;
	    snapshots: ReviewSnapshotView[];
	    items: number;
	    reviewed: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.startedAt = source["startedAt"];
	        this.startedBy = source["startedBy"];
	        this.sinceReviewId = source["sinceReviewId"];
	        this.closedAt = source["closedAt"];
	        this.closedBy = source["closedBy"];
	        this.closed = source["closed"];
	        this.snapshots = this.convertValues(source["snapshots"], ReviewSnapshotView);
	        this.items = source["items"];
	        this.reviewed = source["reviewed"];
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
	export class OpenReviewView {
	    open: boolean;
	    review: ReviewView;
	
	    static createFrom(source: any = {}) {
	        return new OpenReviewView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.open = source["open"];
	        this.review = this.convertValues(source["review"], ReviewView);
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
	export class OpenedBundleView {
	    open: boolean;
	    bundle: BundleView;
	
	    static createFrom(source: any = {}) {
	        return new OpenedBundleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.open = source["open"];
	        this.bundle = this.convertValues(source["bundle"], BundleView);
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
	
	export class OrgPlanView {
	    connectionId: number;
	    connection: string;
	    kind: string;
	    method: string;
	    sessions: number;
	    users: number;
	    items: number;
	    batchSize: number;
	    calls: number;
	    remaining: number;
	    limit: string;
	    overLimit: boolean;
	    admin: string;
	    excluded: jobs.Exclusion[];
	    contained: number;
	    warnings: string[];
	    refused: string;
	    snapshotAt: string;
	
	    static createFrom(source: any = {}) {
	        return new OrgPlanView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.kind = source["kind"];
	        this.method = source["method"];
	        this.sessions = source["sessions"];
	        this.users = source["users"];
	        this.items = source["items"];
	        this.batchSize = source["batchSize"];
	        this.calls = source["calls"];
	        this.remaining = source["remaining"];
	        this.limit = source["limit"];
	        this.overLimit = source["overLimit"];
	        this.admin = source["admin"];
	        this.excluded = this.convertValues(source["excluded"], jobs.Exclusion);
	        this.contained = source["contained"];
	        this.warnings = source["warnings"];
	        this.refused = source["refused"];
	        this.snapshotAt = source["snapshotAt"];
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
	export class PlanView {
	    action: string;
	    identities: jobs.Identity[];
	    orgs: OrgPlanView[];
	    sessions: number;
	    contained: number;
	    items: number;
	    calls: number;
	    reasonRequired: boolean;
	    confirmCount: number;
	    notes: string[];
	    fingerprint: string;
	    existingJob: number;
	    existingState: string;
	
	    static createFrom(source: any = {}) {
	        return new PlanView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.identities = this.convertValues(source["identities"], jobs.Identity);
	        this.orgs = this.convertValues(source["orgs"], OrgPlanView);
	        this.sessions = source["sessions"];
	        this.contained = source["contained"];
	        this.items = source["items"];
	        this.calls = source["calls"];
	        this.reasonRequired = source["reasonRequired"];
	        this.confirmCount = source["confirmCount"];
	        this.notes = source["notes"];
	        this.fingerprint = source["fingerprint"];
	        this.existingJob = source["existingJob"];
	        this.existingState = source["existingState"];
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
	export class PolicyChange {
	    connectionId: number;
	    changes: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new PolicyChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.changes = source["changes"];
	    }
	}
	export class PolicyField {
	    name: string;
	    label: string;
	    help: string;
	    value: string;
	    source: string;
	    default: string;
	    server: string;
	    override: string;
	
	    static createFrom(source: any = {}) {
	        return new PolicyField(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.value = source["value"];
	        this.source = source["source"];
	        this.default = source["default"];
	        this.server = source["server"];
	        this.override = source["override"];
	    }
	}
	export class PolicyPreview {
	    fieldErrors: FieldError[];
	    current: FlagCountView;
	    proposed: FlagTally;
	
	    static createFrom(source: any = {}) {
	        return new PolicyPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fieldErrors = this.convertValues(source["fieldErrors"], FieldError);
	        this.current = this.convertValues(source["current"], FlagCountView);
	        this.proposed = this.convertValues(source["proposed"], FlagTally);
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
	export class ServerSetting {
	    name: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new ServerSetting(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.value = source["value"];
	    }
	}
	export class PolicyView {
	    connectionId: number;
	    connection: string;
	    fields: PolicyField[];
	    server: ServerSetting[];
	    serverReadAt: string;
	    updatedAt: string;
	    updatedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new PolicyView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.fields = this.convertValues(source["fields"], PolicyField);
	        this.server = this.convertValues(source["server"], ServerSetting);
	        this.serverReadAt = source["serverReadAt"];
	        this.updatedAt = source["updatedAt"];
	        this.updatedBy = source["updatedBy"];
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
	export class PolicySaved {
	    fieldErrors: FieldError[];
	    policy: PolicyView;
	    flags: FlagTally;
	
	    static createFrom(source: any = {}) {
	        return new PolicySaved(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fieldErrors = this.convertValues(source["fieldErrors"], FieldError);
	        this.policy = this.convertValues(source["policy"], PolicyView);
	        this.flags = this.convertValues(source["flags"], FlagTally);
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
	
	export class ReviewChangeView {
	    connection: string;
	    compared: boolean;
	    note: string;
	    from: string;
	    to: string;
	    newSessions: number;
	    endedSessions: number;
	    newUsers: string[];
	    newUserCount: number;
	    newCountries: string[];
	    newDeviceCount: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewChangeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connection = source["connection"];
	        this.compared = source["compared"];
	        this.note = source["note"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.newSessions = source["newSessions"];
	        this.endedSessions = source["endedSessions"];
	        this.newUsers = source["newUsers"];
	        this.newUserCount = source["newUserCount"];
	        this.newCountries = source["newCountries"];
	        this.newDeviceCount = source["newDeviceCount"];
	    }
	}
	export class ReviewFlagView {
	    rule: string;
	    severity: string;
	    reason: string;
	    decision: string;
	    note: string;
	    markedAt: string;
	    markedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new ReviewFlagView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rule = source["rule"];
	        this.severity = source["severity"];
	        this.reason = source["reason"];
	        this.decision = source["decision"];
	        this.note = source["note"];
	        this.markedAt = source["markedAt"];
	        this.markedBy = source["markedBy"];
	    }
	}
	export class ReviewItemView {
	    id: number;
	    connectionId: number;
	    connection: string;
	    sessionId: string;
	    displayId: string;
	    username: string;
	    severity: string;
	    decision: string;
	    note: string;
	    markedAt: string;
	    markedBy: string;
	    reviewed: boolean;
	    flags: ReviewFlagView[];
	
	    static createFrom(source: any = {}) {
	        return new ReviewItemView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.sessionId = source["sessionId"];
	        this.displayId = source["displayId"];
	        this.username = source["username"];
	        this.severity = source["severity"];
	        this.decision = source["decision"];
	        this.note = source["note"];
	        this.markedAt = source["markedAt"];
	        this.markedBy = source["markedBy"];
	        this.reviewed = source["reviewed"];
	        this.flags = this.convertValues(source["flags"], ReviewFlagView);
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
	export class ReviewItemsPage {
	    items: ReviewItemView[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewItemsPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], ReviewItemView);
	        this.total = source["total"];
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
	export class ReviewItemsQuery {
	    pending: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewItemsQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pending = source["pending"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class ReviewMarkView {
	    id: number;
	    itemId: number;
	    rule: string;
	    decision: string;
	    note: string;
	    at: string;
	    actor: string;
	
	    static createFrom(source: any = {}) {
	        return new ReviewMarkView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.itemId = source["itemId"];
	        this.rule = source["rule"];
	        this.decision = source["decision"];
	        this.note = source["note"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	    }
	}
	
	
	
	export class RuleView {
	    rule: string;
	    label: string;
	    help: string;
	    severity: string;
	
	    static createFrom(source: any = {}) {
	        return new RuleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rule = source["rule"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.severity = source["severity"];
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
	    lastActiveUnreported: boolean;
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
	    rowId: number;
	    flags: Flag[];
	
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
	        this.lastActiveUnreported = source["lastActiveUnreported"];
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
	        this.rowId = source["rowId"];
	        this.flags = this.convertValues(source["flags"], Flag);
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
	
	export class SessionsCSVRequest {
	    file: string;
	    filter: SessionFilter;
	    sort: string;
	    desc: boolean;
	    excel: boolean;
	    separator: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionsCSVRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.filter = this.convertValues(source["filter"], SessionFilter);
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.excel = source["excel"];
	        this.separator = source["separator"];
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

export namespace jobs {
	
	export class Exclusion {
	    code: string;
	    reason: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Exclusion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.count = source["count"];
	    }
	}
	export class Identity {
	    connectionId: number;
	    connection: string;
	    userId: string;
	    username: string;
	    sessions: number;
	    holdsOwnSession: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Identity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.userId = source["userId"];
	        this.username = source["username"];
	        this.sessions = source["sessions"];
	        this.holdsOwnSession = source["holdsOwnSession"];
	    }
	}

}

export namespace session {
	
	export class SessionKey {
	    connectionId: number;
	    sessionId: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionKey(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.sessionId = source["sessionId"];
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
	    noLastActive: boolean;
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
	        this.noLastActive = source["noLastActive"];
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

export namespace store {
	
	export class AuditCheck {
	    ok: boolean;
	    entries: number;
	    firstBad: number;
	    problem: string;
	    message: string;
	    headId: number;
	    unanchored: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.entries = source["entries"];
	        this.firstBad = source["firstBad"];
	        this.problem = source["problem"];
	        this.message = source["message"];
	        this.headId = source["headId"];
	        this.unanchored = source["unanchored"];
	    }
	}
	export class ItemCounts {
	    pending: number;
	    sending: number;
	    ended: number;
	    alreadyGone: number;
	    contained: number;
	    failed: number;
	    stillListed: number;
	
	    static createFrom(source: any = {}) {
	        return new ItemCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pending = source["pending"];
	        this.sending = source["sending"];
	        this.ended = source["ended"];
	        this.alreadyGone = source["alreadyGone"];
	        this.contained = source["contained"];
	        this.failed = source["failed"];
	        this.stillListed = source["stillListed"];
	    }
	}
	export class JobOrg {
	    connectionId: number;
	    connection: string;
	    kind: string;
	    method: string;
	    batchSize: number;
	    admin: string;
	    items: number;
	    sessions: number;
	    secretIds: boolean;
	
	    static createFrom(source: any = {}) {
	        return new JobOrg(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connectionId = source["connectionId"];
	        this.connection = source["connection"];
	        this.kind = source["kind"];
	        this.method = source["method"];
	        this.batchSize = source["batchSize"];
	        this.admin = source["admin"];
	        this.items = source["items"];
	        this.sessions = source["sessions"];
	        this.secretIds = source["secretIds"];
	    }
	}
	export class RecheckCounts {
	    gone: number;
	    stillListed: number;
	
	    static createFrom(source: any = {}) {
	        return new RecheckCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.gone = source["gone"];
	        this.stillListed = source["stillListed"];
	    }
	}

}

