# frozen_string_literal: true
#
# The judge of Gazette's Jekyll tests: builds a site with the real Jekyll
# (Debian's `jekyll` 4.3, with kramdown and Psych) and prints, as one JSON
# object on stdout, what Jekyll made of every document it read.
#
#   ruby tests/jekyll/site.rb SOURCE [--content]
#
# SOURCE is a site folder (its `_config.yml` is used when it loads). The site
# is read, generated and rendered in memory; nothing is written, neither to a
# destination nor to SOURCE (no disk cache), so a read-only corpus can be
# built. What is set over the site's own configuration, as issue 15 says:
# - `theme: null`, `plugins: []`: a theme or plugin gem that is not installed
#   does not stop the build; when the site's `_config.yml` does not load at all
#   (Psych 4 refuses a value), Jekyll's defaults are used and
#   `config_fallback` is true;
# - `show_drafts`, `future`, `unpublished`: every post is read, so every post
#   Gazette imports has Jekyll's view to compare with;
# - `render_with_liquid: false` as a front matter default: corpus posts cite
#   posts the sample lacks (`{% link %}`), which would stop the build;
# - layouts are not applied (none are in the corpus): `content` is the
#   document's body as Jekyll converted it (kramdown for Markdown), which is
#   what a layout's `{{ content }}` prints.
#
# Output: {"source": …, "config_fallback": bool, "documents": [{
#   "path": relative path in SOURCE, "collection": label ("posts" for posts
#   and drafts), "draft": bool, "url": …, "date": "YYYY-MM-DD HH:MM:SS +ZZZZ",
#   "categories": [...], "tags": [...], "title": …, "slug": …, "output": bool
#   (the collection is written), "excerpt": rendered excerpt HTML or null,
#   "content": rendered HTML (only with --content)}]}; pages (files with front
#   matter outside every collection) follow with "collection": "pages", documents sorted by
#   path. Exit 1 with a message on stderr when the build itself fails.

require "jekyll"
require "json"
require "tmpdir"

source = File.expand_path(ARGV.fetch(0) { abort "usage: site.rb SOURCE [--content]" })
with_content = ARGV.include?("--content")

Jekyll.logger.log_level = :error

overrides = {
  "source" => source,
  "destination" => File.join(Dir.tmpdir, "gazette-jekyll-unused"),
  "theme" => nil,
  "plugins" => [],
  "show_drafts" => true,
  "future" => true,
  "unpublished" => true,
  "disable_disk_cache" => true,
  "incremental" => false,
  "quiet" => true,
}

def configuration(overrides, config_files)
  Jekyll.configuration(overrides.merge("config" => config_files))
end

config_file = %w(_config.yml _config.yaml _config.toml)
  .map { |name| File.join(overrides["source"], name) }
  .find { |path| File.file?(path) }
fallback = false
config =
  begin
    raise ArgumentError, "no config" if config_file.nil?
    # Jekyll itself warns and goes on with its defaults when the file is not
    # a mapping; a Psych error is raised. Either way: the defaults.
    loaded = Jekyll::Configuration.new.send(:read_config_file, config_file)
    raise ArgumentError, "not a mapping" unless loaded.is_a?(Hash)
    configuration(overrides, [config_file])
  rescue StandardError, Psych::Exception
    fallback = !config_file.nil?
    empty = File.join(Dir.mktmpdir("gazette-jekyll"), "_config.yml")
    File.write(empty, "{}\n")
    configuration(overrides, [empty])
  end
config["defaults"] = Array(config["defaults"]) + [
  { "scope" => { "path" => "" }, "values" => { "render_with_liquid" => false } },
]

# A front matter `excerpt` is a string kept as written; Jekyll's own is an
# Excerpt, printed rendered.
def excerpt_of(value)
  value.respond_to?(:output) ? value.output : value&.to_s
end

site = Jekyll::Site.new(config)
site.reset
site.read
site.generate
site.layouts.clear
site.render

documents = site.collections.values.flat_map(&:docs).map do |doc|
  data = doc.data
  entry = {
    "path" => doc.relative_path,
    "collection" => doc.collection.label,
    "draft" => doc.draft? ? true : false,
    "url" => doc.url,
    "date" => data["date"]&.strftime("%Y-%m-%d %H:%M:%S %z"),
    "categories" => Array(data["categories"]).map(&:to_s),
    "tags" => Array(data["tags"]).map(&:to_s),
    "title" => data["title"]&.to_s,
    "slug" => data["slug"]&.to_s,
    "output" => doc.write? ? true : false,
    "excerpt" => excerpt_of(data["excerpt"]),
  }
  entry["content"] = doc.content if with_content
  entry
end
# Pages with front matter (a file outside every collection, as
# `archived/2020-01-01/x.md`): Gazette imports them as posts of `pages`.
documents += site.pages.select { |page| page.is_a?(Jekyll::Page) && !page.is_a?(Jekyll::PageWithoutAFile) }
  .map do |page|
    data = page.data
    entry = {
      "path" => page.relative_path.sub(%r!\A/!, ""),
      "collection" => "pages",
      "draft" => false,
      "url" => page.url,
      "date" => data["date"].respond_to?(:strftime) ? data["date"].strftime("%Y-%m-%d %H:%M:%S %z") : data["date"]&.to_s,
      "categories" => Array(data["categories"]).map(&:to_s),
      "tags" => Array(data["tags"]).map(&:to_s),
      "title" => data["title"]&.to_s,
      "slug" => nil,
      "output" => true,
      "excerpt" => nil,
    }
    entry["content"] = page.content if with_content
    entry
  end

puts JSON.generate(
  "source" => source,
  "config_fallback" => fallback,
  "documents" => documents.sort_by { |d| d["path"] },
)
