package proxy

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/recast-podcast/recast/cache"
	"github.com/recast-podcast/recast/enrich"
)

// Metrics are the Server's Prometheus collectors, registered on the
// registry cmd builds (no package globals). A nil *Metrics records nothing.
type Metrics struct {
	requests     *prometheus.CounterVec   // route, code, cache
	duration     *prometheus.HistogramVec // route
	upstream     *prometheus.CounterVec   // code, method
	upstreamTime *prometheus.HistogramVec // code
	refreshes    *prometheus.CounterVec   // result
	refreshTime  prometheus.Histogram
	enrichTime   *prometheus.HistogramVec // enricher
	leaseWaits   prometheus.Counter
	leaseTime    prometheus.Histogram
	storeErrors  *prometheus.CounterVec // op
	entries      prometheus.Gauge
	bytes        prometheus.Gauge
	purges       prometheus.Counter
	refused      prometheus.Counter
	reg          prometheus.Registerer // for the store's gauges, known later

	// requestCounters memoizes the request series by their labels, so that
	// counting a request allocates nothing.
	requestCounters sync.Map // requestKey → requestCounter
}

type requestKey struct {
	route  string
	code   int
	xcache string
}

type requestCounter struct {
	count prometheus.Counter
	took  prometheus.Observer
}

// NewMetrics creates recast's collectors and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "recast_http_requests_total", Help: "HTTP requests served, by route, status code and cache result (X-Recast-Cache).",
		}, []string{"route", "code", "cache"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "recast_http_request_duration_seconds", Help: "Time to serve a request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		upstream: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "recast_upstream_requests_total", Help: "Requests to upstream servers (feeds, episode pages, MP3 ranges), by status code (\"error\": no answer) and method.",
		}, []string{"code", "method"}),
		upstreamTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "recast_upstream_request_duration_seconds", Help: "Time to an upstream's response headers, by status code.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"code"}),
		refreshes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "recast_refreshes_total", Help: "Feed refreshes, by result: fetched (upstream asked), shared (a copy from the shared store), revalidating (another replica holds the lease), stale (failed, last good copy served), failed.",
		}, []string{"result"}),
		refreshTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "recast_refresh_duration_seconds", Help: "Time of a feed refresh, store and upstream included.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
		enrichTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "recast_enrich_duration_seconds", Help: "Time an enricher spent on one feed build (items answered from the item cache cost none).",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 5, 30},
		}, []string{"enricher"}),
		leaseWaits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "recast_lease_waits_total", Help: "Refreshes that waited for another replica's lease on a feed this replica had no copy of.",
		}),
		leaseTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "recast_lease_wait_seconds", Help: "Time waited for another replica's lease.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "recast_store_errors_total", Help: "Shared store (Redis) operations that failed, by operation; recast serves from memory and upstream meanwhile.",
		}, []string{"op"}),
		entries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "recast_cache_entries", Help: "Feeds with a copy held in memory.",
		}),
		bytes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "recast_cache_bytes", Help: "Bytes of the feed copies held in memory (uncompressed and gzip bodies, chapter files).",
		}),
		purges: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "recast_purges_received_total", Help: "Purges other replicas sent that dropped a copy held here.",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "recast_upstream_refused_total", Help: "Upstream URLs the private-network guard refused (by the URL, before any connection, or by the address at dial time); nothing was sent.",
		}),
		reg: reg,
	}
	reg.MustRegister(m.requests, m.duration, m.upstream, m.upstreamTime, m.refreshes, m.refreshTime,
		m.enrichTime, m.leaseWaits, m.leaseTime, m.storeErrors, m.entries, m.bytes, m.purges, m.refused)
	return m
}

// InstrumentUpstream wraps an upstream transport (fetch.Options.WrapTransport)
// to count and time every upstream request.
func (m *Metrics) InstrumentUpstream(next http.RoundTripper) http.RoundTripper {
	if m == nil {
		return next
	}
	return promhttp.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		start := time.Now()
		res, err := next.RoundTrip(r)
		code := "error"
		if err == nil {
			code = codeLabel(res.StatusCode)
		}
		m.upstream.WithLabelValues(code, r.Method).Inc()
		m.upstreamTime.WithLabelValues(code).Observe(time.Since(start).Seconds())
		return res, err
	})
}

// CountRefused counts one refusal of the private-network guard
// (fetch.Options.Refused).
func (m *Metrics) CountRefused() {
	if m != nil {
		m.refused.Inc()
	}
}

// codeLabel is a status code as a label, without allocating for common ones.
func codeLabel(code int) string {
	switch code {
	case 200:
		return "200"
	case 206:
		return "206"
	case 304:
		return "304"
	case 404:
		return "404"
	case 502:
		return "502"
	}
	return strconv.Itoa(code)
}

func (m *Metrics) request(route string, code int, xcache string, took time.Duration) {
	if m == nil {
		return
	}
	k := requestKey{route, code, xcache}
	c, ok := m.requestCounters.Load(k)
	if !ok {
		c, _ = m.requestCounters.LoadOrStore(k, requestCounter{
			m.requests.WithLabelValues(route, codeLabel(code), xcache), m.duration.WithLabelValues(route)})
	}
	rc := c.(requestCounter)
	rc.count.Inc()
	rc.took.Observe(took.Seconds())
}

func (m *Metrics) refreshed(xcache string, err error, took time.Duration) {
	if m == nil {
		return
	}
	result := "failed"
	switch {
	case err != nil:
	case xcache == xMiss:
		result = "fetched"
	case xcache == xHit:
		result = "shared"
	case xcache == xRevalidating:
		result = "revalidating"
	case xcache == xStale:
		result = "stale"
	}
	m.refreshes.WithLabelValues(result).Inc()
	m.refreshTime.Observe(took.Seconds())
}

func (m *Metrics) enriched(st enrich.Stats) {
	if m == nil {
		return
	}
	for name, d := range st.Took {
		m.enrichTime.WithLabelValues(name).Observe(d.Seconds())
	}
}

func (m *Metrics) leaseWait() {
	if m != nil {
		m.leaseWaits.Inc()
	}
}

func (m *Metrics) leaseWaited(d time.Duration) {
	if m != nil {
		m.leaseTime.Observe(d.Seconds())
	}
}

func (m *Metrics) storeError(op string) {
	if m != nil {
		m.storeErrors.WithLabelValues(op).Inc()
	}
}

// updateCacheMetrics sets the cache gauges from the feeds' current
// versions.
func (s *Server) updateCacheMetrics() {
	if s.m == nil {
		return
	}
	var n, size int
	for _, st := range s.set.Load().list {
		if v := st.cur.Load(); v != nil {
			n++
			size += v.size()
		}
	}
	s.m.entries.Set(float64(n))
	s.m.bytes.Set(float64(size))
}

// watchStore reports the size of a store that can tell it (the on-disk
// store), read at each scrape.
func (m *Metrics) watchStore(sz cache.Sizer) {
	if m == nil || sz == nil {
		return
	}
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "recast_store_keys", Help: "Keys in the on-disk store, expired ones not yet swept included.",
		}, func() float64 { return float64(sz.Len()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "recast_store_bytes", Help: "Bytes of keys plus values in the on-disk store (its file is larger).",
		}, func() float64 { return float64(sz.Size()) }),
	} {
		// A second Server on the same registry (tests) keeps the first's.
		if err := m.reg.Register(c); err != nil && !errors.As(err, new(prometheus.AlreadyRegisteredError)) {
			panic(err)
		}
	}
}

func (m *Metrics) purgeReceived() {
	if m != nil {
		m.purges.Inc()
	}
}
