// The waiting room's Lua scripts (lib/queue/redis-queue-store.ts runs them). Each one is atomic in Redis: no
// other command of any client runs while it does, which is what the Postgres store gets from its advisory
// lock and row locks. Every script first checks the epoch key: a Redis that lost its data (a restart without
// persistence, a FLUSHALL, a failover to an empty replica) has no epoch, and the script changes nothing.
// docs/decisions/0014-redis-queue-store.md explains the keys and why capacity and "once" hold.
//
// Keys (P = the prefix, REDIS_QUEUE_PREFIX): P.."epoch"; P.."t:"..id (a token: u user, r room, s join
// number or "" for a pre-queue entrant, st W/A/E, c created, e deadline, a admitted; times in ms);
// P.."u:"..room..":"..user (the user's live token in the room); per room: P.."room:"..r (its state),
// P.."line:"..r (numbered WAIT tokens by join number), P.."ent:"..r (pre-queue entrants), P.."exp:"..r
// (WAIT tokens by deadline, for the idle sweep), P.."act:"..r (ACTIVE tokens by deadline; capacity is its
// size), P.."drawn:"..r (the drawn order); P.."roomof" and P.."roomgen" (the rooms joins read, ROOM_FOR_JOIN).

/** Shared Lua: argument 1 is always the prefix, 2 the epoch the caller believes in. */
const PRELUDE = `
local P = ARGV[1]
local current = redis.call('GET', P .. 'epoch')
if current ~= ARGV[2] then
  if current then return cjson.encode({epoch = current}) end
  return cjson.encode({epoch = false})
end
local function num(v) if v == false or v == nil or v == '' then return nil end return tonumber(v) end
local function tok(id) return P .. 't:' .. id end
local EXPIRED_TTL = 86400
-- A token leaves WAIT or ACTIVE for good: it stays readable (EXPIRED) for a day, then is gone.
local function retire(id, r, u, endAt)
  redis.call('HSET', tok(id), 'st', 'E')
  if endAt then
    local e = num(redis.call('HGET', tok(id), 'e'))
    if e and endAt < e then redis.call('HSET', tok(id), 'e', endAt) end
  end
  redis.call('EXPIRE', tok(id), EXPIRED_TTL)
  local ukey = P .. 'u:' .. r .. ':' .. u
  if redis.call('GET', ukey) == tostring(id) then redis.call('DEL', ukey) end
end
`;

/** Join: ARGV P, epoch, room, user, id, now, expiresAt, salesStart (0 = none). */
export const JOIN = `${PRELUDE}
local room, user, id, now, e, salesStart = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local R = P .. 'room:' .. room
if redis.call('EXISTS', R) == 0 then return cjson.encode({room = false}) end
local ukey = P .. 'u:' .. room .. ':' .. user
if redis.call('EXISTS', ukey) == 1 then return cjson.encode({taken = true}) end
local drawn = num(redis.call('HGET', R, 'drawn'))
local seq = ''
local departed = 0
if salesStart > 0 and not drawn then
  if now >= salesStart then return cjson.encode({drawPending = true}) end
  redis.call('ZADD', P .. 'ent:' .. room, id, id)
else
  seq = redis.call('HINCRBY', R, 'seq', 1)
  redis.call('ZADD', P .. 'line:' .. room, seq, id)
  departed = seq - 1 - redis.call('ZRANK', P .. 'line:' .. room, id)
end
redis.call('HSET', tok(id), 'u', user, 'r', room, 's', seq, 'st', 'W', 'c', now, 'e', e)
redis.call('ZADD', P .. 'exp:' .. room, e, id)
redis.call('SET', ukey, id)
local st = redis.call('HMGET', R, 'fr', 'lt')
return cjson.encode({seq = seq, departed = departed, free = num(st[1]) or 1, lastTick = num(st[2]) or false})
`;

/** Refresh a WAIT token's idle deadline: ARGV P, epoch, id, now, expiresAt, gapMs. */
const TOUCH_BODY = `
local function touch(id, now, e, gap)
  local t = redis.call('HMGET', tok(id), 'st', 'e', 'r')
  local cur = num(t[2])
  if t[1] == 'W' and cur and cur > now and cur <= e - gap then
    redis.call('HSET', tok(id), 'e', e)
    redis.call('ZADD', P .. 'exp:' .. t[3], e, id)
    return e
  end
  return false
end
`;

export const TOUCH = `${PRELUDE}${TOUCH_BODY}
return cjson.encode({moved = touch(ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))})
`;

/** Poll: the token, its place, its room's state and facts; refreshes a WAIT deadline. ARGV as TOUCH. */
export const POLL = `${PRELUDE}${TOUCH_BODY}
local id, now = ARGV[3], tonumber(ARGV[4])
local t = redis.call('HMGET', tok(id), 'u', 'r', 's', 'st', 'c', 'e')
if not t[1] then return cjson.encode({missing = true}) end
local moved = touch(id, now, tonumber(ARGV[5]), tonumber(ARGV[6]))
local room = t[2]
local departed = false
local seq = num(t[3])
if t[4] == 'W' and seq then
  local rank = redis.call('ZRANK', P .. 'line:' .. room, id)
  if rank then departed = seq - 1 - rank end
end
local R = P .. 'room:' .. room
local s = redis.call('HMGET', R, 'lt', 'ws', 'wc', 'wp', 'so', 'oh', 'drawn', 'facts')
return cjson.encode({u = tonumber(t[1]), r = tonumber(room), s = seq or false, st = t[4], c = tonumber(t[5]),
  e = moved or tonumber(t[6]), departed = departed, lt = num(s[1]) or false, ws = num(s[2]) or false,
  wc = num(s[3]) or 0, wp = num(s[4]) or 0, so = s[5] == '1', oh = s[6] == '1', drawn = num(s[7]) or false,
  facts = s[8] or false, entrants = redis.call('ZCARD', P .. 'ent:' .. room)})
`;

/**
 * One admission tick of one room. ARGV: P, epoch, room, now, ttlMs, capacity, rate (0 = no cap), minIntervalMs,
 * windowMs, sweepBatch, retireId (0), forId (0), halted (paused or closed: 0/1), soldOut, onlyHeld,
 * salesStart (0), pgDrawn (0), facts (JSON, what polls show of the room).
 */
export const ADMIT = `${PRELUDE}
local room, now, ttl, cap, rate = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local minInterval, span, batch = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local retireId, forId = tonumber(ARGV[11]), tonumber(ARGV[12])
local halted, soldOut, onlyHeld = ARGV[13] == '1', ARGV[14] == '1', ARGV[15] == '1'
local salesStart, pgDrawn, facts = tonumber(ARGV[16]), tonumber(ARGV[17]), ARGV[18]
local R = P .. 'room:' .. room
local LINE, ENT, EXP, ACT = P .. 'line:' .. room, P .. 'ent:' .. room, P .. 'exp:' .. room, P .. 'act:' .. room
if redis.call('EXISTS', R) == 0 then
  redis.call('HSET', R, 'seq', 0, 'drawn', pgDrawn > 0 and pgDrawn or '')
end
local untilAt = now + ttl
local self = false
if forId > 0 then
  local f = redis.call('HMGET', tok(forId), 'st', 'e')
  if f[1] and f[1] ~= 'W' then
    return cjson.encode({admitted = {}, untilAt = untilAt, ew = 0, ea = 0, self = {st = f[1], e = tonumber(f[2])}, drawDue = false})
  end
  if f[1] then self = {st = f[1], e = tonumber(f[2])} end
end
local st = redis.call('HMGET', R, 'lt', 'al', 'ws', 'wc', 'wp', 'tot', 'drawn')
local lt = num(st[1])
if retireId == 0 and lt and now >= lt and now < lt + minInterval then return cjson.encode({skipped = true}) end
if salesStart > 0 and not num(st[7]) and now >= salesStart then
  return cjson.encode({admitted = {}, untilAt = untilAt, ew = 0, ea = 0, self = self, drawDue = true})
end

-- Retire every lapsed ACTIVE token before counting: capacity is the number of ACTIVE tokens, lapsed or not,
-- and only this (or a payment) releases a slot.
local ea = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', ACT, '-inf', now)) do
  local t = redis.call('HMGET', tok(id), 'u', 'st')
  if t[2] == 'A' then retire(id, room, t[1], nil) end
  redis.call('ZREM', ACT, id)
  ea = ea + 1
end
local active = redis.call('ZCARD', ACT)
local free = math.max(0, cap - active)
local bucket, admit = 0, free
if rate > 0 then
  local elapsed = lt and math.max(0, (now - lt) / 1000) or 1
  bucket = math.min(rate, math.max(num(st[2]) or 0, 0) + rate * elapsed)
  admit = math.min(free, math.floor(bucket))
end
if halted or soldOut then admit = 0 end

-- Idle WAIT tokens leave the line (at most a batch per tick), and the one a re-joining fan left behind.
local ew = 0
local lapsed = redis.call('ZRANGEBYSCORE', EXP, '-inf', now, 'LIMIT', 0, batch)
if retireId > 0 then table.insert(lapsed, tostring(retireId)) end
for _, id in ipairs(lapsed) do
  local t = redis.call('HMGET', tok(id), 'u', 'st', 'e', 'r')
  if t[2] == 'W' and tonumber(t[3]) <= now and t[4] == room then
    retire(id, room, t[1], nil)
    redis.call('ZREM', LINE, id)
    redis.call('ZREM', ENT, id)
    redis.call('ZREM', EXP, id)
    ew = ew + 1
  elseif t[2] ~= 'W' then
    redis.call('ZREM', EXP, id)
  end
end

-- Admit the earliest live WAIT tokens by join number (a lapsed one the sweep has not reached is skipped).
local admitted = {}
local from = 0
while #admitted < admit do
  local chunk = redis.call('ZRANGE', LINE, from, from + (admit - #admitted) * 2 + 9, 'WITHSCORES')
  if #chunk == 0 then break end
  for i = 1, #chunk, 2 do
    if #admitted >= admit then break end
    local id, seq = chunk[i], tonumber(chunk[i + 1])
    local t = redis.call('HMGET', tok(id), 'st', 'e')
    if t[1] == 'W' and tonumber(t[2]) > now then
      redis.call('HSET', tok(id), 'st', 'A', 'a', now, 'e', untilAt)
      redis.call('ZADD', ACT, untilAt, id)
      redis.call('ZREM', EXP, id)
      table.insert(admitted, {tonumber(id), seq})
    end
  end
  from = from + #chunk / 2
end
for _, a in ipairs(admitted) do redis.call('ZREM', LINE, a[1]) end

-- The observed admission rate: a two-bucket window, rolled like rollWindow in queue-rules.ts.
local ws, wc, wp = num(st[3]), num(st[4]) or 0, num(st[5]) or 0
if not ws then
  ws, wc, wp = now, 0, 0
elseif now - ws >= span then
  local windows = math.floor((now - ws) / span)
  ws = ws + windows * span
  wp = windows == 1 and wc or 0
  wc = 0
end
redis.call('HSET', R, 'lt', now, 'al', rate > 0 and (bucket - #admitted) or 0, 'fr', math.max(0, free - #admitted),
  'ws', ws, 'wc', wc + #admitted, 'wp', wp, 'tot', (num(st[6]) or 0) + #admitted,
  'so', soldOut and '1' or '0', 'oh', (onlyHeld and not soldOut) and '1' or '0', 'facts', facts)
if forId > 0 then
  for _, a in ipairs(admitted) do if a[1] == forId then self = {st = 'A', e = untilAt} end end
end
return cjson.encode({admitted = admitted, untilAt = untilAt, ew = ew, ea = ea, self = self, drawDue = false})
`;

/** Installs facts about a room (what polls show) and creates its state if missing. ARGV: P, epoch, room, pgDrawn, facts. */
export const ROOM = `${PRELUDE}
local R = P .. 'room:' .. ARGV[3]
if redis.call('EXISTS', R) == 0 then
  local d = tonumber(ARGV[4])
  redis.call('HSET', R, 'seq', 0, 'drawn', d > 0 and d or '')
end
if ARGV[5] ~= '' then
  redis.call('HSET', R, 'facts', ARGV[5])
else
  -- A room changed: drop what joins read, and move the generation on so that a fill begun before is refused.
  redis.call('HDEL', R, 'facts')
  redis.call('DEL', P .. 'roomof')
  redis.call('INCR', P .. 'roomgen')
end
return cjson.encode({ok = true})
`;

/**
 * The room a join goes to: P.."roomof" maps a concert id ("g": the general room) to "<room id>:<settings JSON>"
 * (Postgres's row, filled by Node on a miss, dropped whenever a room changes, at most a minute old); with it
 * the room's state as the last tick left it. ARGV: P, epoch, concert key.
 */
export const ROOM_FOR_JOIN = `${PRELUDE}
local row = redis.call('HGET', P .. 'roomof', ARGV[3])
if not row then return cjson.encode({miss = true, gen = redis.call('GET', P .. 'roomgen') or '0'}) end
local id = string.match(row, '^(%d+):')
local s = redis.call('HMGET', P .. 'room:' .. id, 'so', 'oh', 'drawn', 'lt')
return cjson.encode({row = row, so = s[1] or false, oh = s[2] == '1', drawn = num(s[3]) or false, lt = num(s[4]) or false})
`;

/**
 * Fills the join's map (ROOM_FOR_JOIN) unless a room changed since the miss (the generation moved: what Node
 * read from Postgres may be older than the change). ARGV: P, epoch, concert key, "<room id>:<settings JSON>",
 * the generation the miss saw.
 */
export const ROOM_FOR_JOIN_FILL = `${PRELUDE}
if (redis.call('GET', P .. 'roomgen') or '0') ~= ARGV[5] then return cjson.encode({stale = true}) end
redis.call('HSET', P .. 'roomof', ARGV[3], ARGV[4])
if redis.call('TTL', P .. 'roomof') < 0 then redis.call('EXPIRE', P .. 'roomof', 60) end
return cjson.encode({ok = true})
`;

/** A sale or refund changed whether the room is sold out. ARGV: P, epoch, room, "1" or "0". */
export const SOLD_OUT = `${PRELUDE}
local R = P .. 'room:' .. ARGV[3]
if redis.call('EXISTS', R) == 1 then
  redis.call('HSET', R, 'so', ARGV[4])
  if ARGV[4] == '1' then redis.call('HSET', R, 'oh', '0') end
end
return cjson.encode({ok = true})
`;

/**
 * The draw: entrants get join numbers in drawn order, ahead of anyone who joins after. ARGV: P, epoch, room,
 * now, entrantsHash, count, then the token ids in drawn order. Refuses (retry) when the entrants changed since
 * Node read them, and does nothing when the room was drawn already.
 */
export const DRAW = `${PRELUDE}
local room, now, hash, count = ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local R, ENT, LINE = P .. 'room:' .. room, P .. 'ent:' .. room, P .. 'line:' .. room
local d = redis.call('HMGET', R, 'drawn', 'eh')
if num(d[1]) then return cjson.encode({done = true, drawnAt = num(d[1]), hash = d[2]}) end
if redis.call('ZCARD', ENT) ~= count then return cjson.encode({retry = true}) end
for i = 7, 6 + count do
  if redis.call('ZSCORE', ENT, ARGV[i]) == false then return cjson.encode({retry = true}) end
end
local DRAWN = P .. 'drawn:' .. room
redis.call('DEL', DRAWN)
for i = 7, 6 + count do
  local id = ARGV[i]
  local seq = redis.call('HINCRBY', R, 'seq', 1)
  redis.call('HSET', tok(id), 's', seq)
  redis.call('ZADD', LINE, seq, id)
  redis.call('RPUSH', DRAWN, id)
end
redis.call('DEL', ENT)
redis.call('HSET', R, 'drawn', now, 'eh', hash, 'ec', count)
return cjson.encode({done = false, drawnAt = now, hash = hash})
`;

/** A seat hold extends an ACTIVE token. ARGV: P, epoch, id, until, now, capMs. */
export const EXTEND = `${PRELUDE}
local id, untilAt, now, capMs = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local t = redis.call('HMGET', tok(id), 'st', 'e', 'a', 'r')
local e, a = num(t[2]), num(t[3])
if t[1] == 'A' and e and e > now then
  local want = math.min(untilAt, a + capMs)
  if want > e then
    redis.call('HSET', tok(id), 'e', want)
    redis.call('ZADD', P .. 'act:' .. t[4], 'XX', want, id)
  end
end
return cjson.encode({ok = true})
`;

/** After a payment: ends the user's ACTIVE token of the room. ARGV: P, epoch, room, user, now. */
export const END_ACTIVE = `${PRELUDE}
local room, user, now = ARGV[3], ARGV[4], tonumber(ARGV[5])
local id = redis.call('GET', P .. 'u:' .. room .. ':' .. user)
if not id then return cjson.encode({ended = false}) end
if redis.call('HGET', tok(id), 'st') ~= 'A' then return cjson.encode({ended = false}) end
retire(id, room, user, now)
redis.call('ZREM', P .. 'act:' .. room, id)
return cjson.encode({ended = true})
`;

/** The sale start moved later: entrants' deadlines move to at least the new one. ARGV: P, epoch, room, deadline. */
export const POSTPONE = `${PRELUDE}
local room, deadline = ARGV[3], tonumber(ARGV[4])
for _, id in ipairs(redis.call('ZRANGE', P .. 'ent:' .. room, 0, -1)) do
  local e = num(redis.call('HGET', tok(id), 'e'))
  if e and e < deadline then
    redis.call('HSET', tok(id), 'e', deadline)
    redis.call('ZADD', P .. 'exp:' .. room, deadline, id)
  end
end
return cjson.encode({ok = true})
`;
