# frozen_string_literal: true
#
# The judge of Gazette's front matter reading: what the real Jekyll (Debian's
# `jekyll` 4.3, Psych 4.0.3 on libyaml) reads from many front matter blocks,
# in one Ruby process.
#
#   ruby tests/jekyll/psych.rb < INPUTS.jsonl > OUTPUTS.jsonl
#
# Each input line is {"id": …, "text": …, "mode": "file" | "yaml"}:
# - "file": `text` is a whole post file (decoded, without a byte order mark).
#   Jekyll's own rule is applied: `Jekyll::Document::YAML_FRONT_MATTER_REGEXP`
#   (document.rb `read_content`), then `Jekyll::Utils.safe_load_yaml` on the
#   matched block, opening fence included (Psych `safe_load`, permitted
#   classes Date and Time, aliases allowed);
# - "yaml": `text` is YAML to load as a whole, as Jekyll loads `_config.yml`
#   (`Utils.safe_load_yaml_file`).
#
# Then what `Document#read` does with the result: `merge_data!` runs only when
# the result is truthy, and needs a Hash (a list or a string raises
# NoMethodError, which `handle_read_error` logs, leaving the post without its
# front matter). So "accepted" means: no exception, and a Hash, nil or false.
#
# Each output line, in input order: {"id": …, "fm": bool (the pattern
# matched; always true for "yaml"), "body": byte offset in `text` where the
# body (`post_match`) starts, "ok": bool, "error": "Class: message" when not
# ok, "value": typed value when ok}. Typed values keep types apart:
#   {"t":"null"} {"t":"bool","v":true} {"t":"int","v":"12"} (decimal text)
#   {"t":"float","v":"1.5"|"inf"|"-inf"|"nan"} {"t":"str","v":"…"}
#   {"t":"binary","v":base64} (bytes that are not UTF-8; `!!binary` bytes
#   that are UTF-8 are a "str") {"t":"date","v":"2024-05-01"}
#   {"t":"time","v":"2024-05-01T02:00:00.000000000Z" (the UTC instant),
#    "off": seconds east of UTC}
#   {"t":"list","v":[…]} {"t":"map","v":[[key, value], …]} (keys typed too,
#   in Ruby's Hash order: first insertion, last value)
#   {"t":"deep"} for a list or map nested deeper than 30 levels,
#   {"t":"too_big"} when the value expands (aliases shared) to more than
#   100000 nodes, {"t":"recursive"} for an alias inside its own anchor,
#   {"t":"other","v":class} for anything else.
# Run with TZ=UTC: Psych gives a time written without an offset in the
# machine's zone.

require "jekyll"
require "json"
require "base64"

MAX_NODES = 100_000
# Lists and maps deeper than this are written {"t":"deep"} (JSON readers
# limit nesting; Gazette refuses 64 levels anyway, which is compared).
MAX_DEPTH = 30

class TooBig < StandardError; end

def typed(value, budget, open)
  budget[0] += 1
  raise TooBig if budget[0] > MAX_NODES

  case value
  when nil then { "t" => "null" }
  when true, false then { "t" => "bool", "v" => value }
  when Integer then { "t" => "int", "v" => value.to_s }
  when Float
    v = if value.nan? then "nan"
        elsif value.infinite? then value.positive? ? "inf" : "-inf"
        else format("%.17g", value)
        end
    { "t" => "float", "v" => v }
  when String
    # `!!binary` gives bytes (ASCII-8BIT): text when they are UTF-8.
    unless value.dup.force_encoding("UTF-8").valid_encoding?
      { "t" => "binary", "v" => Base64.strict_encode64(value) }
    else
      { "t" => "str", "v" => value.dup.force_encoding("UTF-8") }
    end
  when Time
    { "t" => "time", "v" => value.getutc.strftime("%Y-%m-%dT%H:%M:%S.%NZ"), "off" => value.utc_offset }
  when Date then { "t" => "date", "v" => value.iso8601 }
  when Array, Hash
    return { "t" => "recursive" } if open.include?(value.object_id)
    return { "t" => "deep" } if open.length >= MAX_DEPTH

    open.push(value.object_id)
    out = if value.is_a?(Array)
            { "t" => "list", "v" => value.map { |v| typed(v, budget, open) } }
          else
            { "t" => "map", "v" => value.map { |k, v| [typed(k, budget, open), typed(v, budget, open)] } }
          end
    open.pop
    out
  else { "t" => "other", "v" => value.class.name }
  end
end

def judge(text, mode)
  out = { "fm" => true, "body" => 0 }
  yaml = text
  if mode == "file"
    m = Jekyll::Document::YAML_FRONT_MATTER_REGEXP.match(text)
    unless m
      return out.merge("fm" => false, "ok" => true, "value" => { "t" => "null" })
    end

    yaml = m[1]
    out["body"] = m.pre_match.bytesize + m[0].bytesize
  end
  begin
    data = Jekyll::Utils.safe_load_yaml(yaml)
  rescue StandardError, SystemStackError => e
    return out.merge("ok" => false, "error" => "#{e.class}: #{e.message}")
  end
  if data && !data.is_a?(Hash)
    return out.merge("ok" => false, "error" => "NoMethodError: front matter is a #{data.class}")
  end

  begin
    out.merge("ok" => true, "value" => typed(data || nil, [0], []))
  rescue TooBig
    out.merge("ok" => true, "value" => { "t" => "too_big" })
  rescue SystemStackError
    out.merge("ok" => true, "value" => { "t" => "too_big" })
  end
end

$stdout.sync = false
$stdin.each_line do |line|
  input = JSON.parse(line)
  text = input.fetch("text")
  result = judge(text, input.fetch("mode", "file"))
  puts JSON.generate({ "id" => input["id"] }.merge(result), max_nesting: false)
end
