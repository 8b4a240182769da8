// The DAG picture in two steps: Builder turns the IR into a drawing (a tree of clusters and
// nodes, and a list of edges) that knows nothing of either format; WriteMermaid and
// WriteDot spell that drawing. Node ids are derived from task names (`-` is not safe in
// either format) and made unique; labels are escaped by each writer.
#include "backends/graph/graph.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

namespace mlpc {

namespace {

using Kind = ir::Cond::Kind;

// ---- The drawing --------------------------------------------------------------------

enum class ElemKind { Task, Loop, Params, Outputs, Empty, Sub, Launch, Finally };

struct Element {
  ElemKind kind = ElemKind::Task;
  std::string id;
  std::vector<std::string> lines;  // the first is the title
  bool conditional = false;        // has `when`: drawn with a dashed border
  std::vector<Element> children;   // clusters only
  size_t details = 0;              // lines from here on say when and how often it runs
};

// Where an edge attaches. Mermaid links clusters directly; DOT links nodes, so an edge to
// or from a cluster uses its entry (or exit) node and clips at the cluster's border.
struct End {
  std::string id;          // the node or cluster
  std::string head, tail;  // the node an edge into / out of it attaches to
  bool cluster = false;
};

struct Edge {
  End from, to;
  std::string label;
  bool data = false;    // reads outputs; otherwise ordering only
  bool failed = false;  // the downstream task runs when this one failed (run_if.failed)
};

struct Drawing {
  std::string name, description;
  std::vector<Element> top;
  std::vector<Edge> edges;
};

// ---- Text of conditions and loops, in spec syntax -----------------------------------

int Precedence(Kind k) {
  switch (k) {
    case Kind::Or:
      return 1;
    case Kind::And:
      return 2;
    case Kind::Eq:
    case Kind::Ne:
    case Kind::Lt:
    case Kind::Le:
    case Kind::Gt:
    case Kind::Ge:
      return 3;
    case Kind::Not:
      return 4;
    default:
      return 5;
  }
}

std::string RefText(const ir::Ref& r) {
  if (!r.path.parts.empty()) return r.path.Text();
  return r.kind == ir::Ref::Kind::PipelineName ? "pipeline.name" : "?";
}

std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string CondText(const ir::Cond& c);

// An operand, in parentheses when it binds looser than `min` requires.
std::string Operand(const ir::Cond& c, int min) {
  std::string s = CondText(c);
  return Precedence(c.kind) < min ? "(" + s + ")" : s;
}

std::string CondText(const ir::Cond& c) {
  switch (c.kind) {
    case Kind::Ref:
      return RefText(c.ref);
    case Kind::Bool:
      return c.literal.is_boolean() && c.literal.get<bool>() ? "true" : "false";
    case Kind::Number:
      return c.text.empty() ? c.literal.dump() : c.text;
    case Kind::String:
      return Quoted(c.literal.is_string() ? c.literal.get<std::string>() : c.literal.dump());
    case Kind::Not:
      return "!" + (c.operands.empty() ? "" : Operand(c.operands[0], 4));
    default: {
      if (c.operands.size() != 2) return "?";
      int p = Precedence(c.kind);
      // Comparisons do not chain: a comparison operand of a comparison needs parentheses.
      int min = p == 3 ? 4 : p;
      return fmt::format("{} {} {}", Operand(c.operands[0], min), OperatorText(c.kind), Operand(c.operands[1], min));
    }
  }
}

// The operands of a chain of one operator (`a && b && c`), left to right.
void Chain(const ir::Cond& c, Kind op, std::vector<const ir::Cond*>& out) {
  if (c.kind == op && c.operands.size() == 2) {
    Chain(c.operands[0], op, out);
    Chain(c.operands[1], op, out);
  } else {
    out.push_back(&c);
  }
}

// `when ...`, broken before each top-level `&&` or `||` when the line would be long.
std::vector<std::string> WhenLines(const ir::Cond& c) {
  std::string whole = "when " + CondText(c);
  constexpr size_t kLong = 48;
  if (whole.size() <= kLong || (c.kind != Kind::And && c.kind != Kind::Or)) return {whole};
  std::vector<const ir::Cond*> parts;
  Chain(c, c.kind, parts);
  std::vector<std::string> lines;
  for (const ir::Cond* part : parts) {
    std::string s = Operand(*part, Precedence(c.kind));
    lines.push_back(lines.empty() ? "when " + s : fmt::format("{} {}", OperatorText(c.kind), s));
  }
  return lines;
}

std::string ValueText(const ir::Value& v) {
  if (v.is_literal) return v.literal.is_string() ? v.literal.get<std::string>() : v.literal.dump();
  std::string s;
  for (const ir::Text::Piece& piece : v.text.pieces) s += piece.ref ? "${{ " + RefText(*piece.ref) + " }}" : piece.text;
  return s;
}

std::string LoopText(const ir::Loop& loop) {
  std::string over;
  switch (loop.kind) {
    case ir::Loop::Kind::Range:
      over = fmt::format("range({})", loop.count);
      break;
    case ir::Loop::Kind::Ref:
      over = RefText(loop.ref);
      break;
    case ir::Loop::Kind::List: {
      // A long list is cut: the picture shows the shape, the spec holds the values.
      constexpr size_t kShown = 4;
      std::vector<std::string> items;
      for (size_t i = 0; i < loop.items.size() && i < kShown; ++i) items.push_back(ValueText(loop.items[i]));
      if (loop.items.size() > kShown) items.push_back(fmt::format("… {} items", loop.items.size()));
      over = fmt::format("[{}]", fmt::join(items, ", "));
      break;
    }
  }
  std::string s = "for each item in " + over;
  if (loop.parallelism) s += fmt::format(", {} at a time", loop.parallelism->value);
  return s;
}

// ---- From the IR to the drawing -----------------------------------------------------

class Builder {
 public:
  Drawing Run(const ir::Pipeline& p) {
    Drawing d;
    d.name = p.name;
    d.description = p.description;
    if (!p.params.empty()) {
      Element params{ElemKind::Params, Unique("params"), {"params"}, false, {}};
      for (const ir::Io& io : p.params) params.lines.push_back(fmt::format("{}: {}", io.name, io.type.Name()));
      d.top.push_back(std::move(params));
    }
    Placed placed = AddPipeline(p, "", d.top, d.edges);
    if (!p.outputs.empty()) AddOutputs(p, placed.ends, d);
    return d;
  }

 private:
  std::set<std::string> used_;

  // Where the edges of each task of a pipeline attach, and of the whole pipeline: into its
  // first main task without upstream (head), out of the last task nothing follows (tail).
  struct Placed {
    std::vector<End> ends;
    std::string head, tail;
  };

  std::string Unique(const std::string& base) {
    std::string id = base;
    for (int n = 2; used_.count(id); ++n) id = fmt::format("{}_{}", base, n);
    used_.insert(id);
    return id;
  }

  static std::string Safe(const std::string& name) {
    std::string s = name;
    std::replace(s.begin(), s.end(), '-', '_');
    return s;
  }

  // Adds the pipeline's tasks to `out` (main tasks, then a `finally` cluster) and their
  // edges to `edges`. `prefix` keeps the ids of a sub-pipeline's tasks apart from its
  // parent's.
  Placed AddPipeline(const ir::Pipeline& p, const std::string& prefix, std::vector<Element>& out,
                     std::vector<Edge>& edges) {
    Placed placed;
    placed.ends.resize(p.tasks.size());
    std::vector<End>& ends = placed.ends;
    Element fin{ElemKind::Finally, "", {"finally", "after all tasks, whatever the outcome"}, false, {}};
    for (size_t i = 0; i < p.tasks.size(); ++i) {
      const ir::Task& t = p.tasks[i];
      Element e = TaskElement(t, prefix, edges, ends[i]);
      (t.is_finally ? fin.children : out).push_back(std::move(e));
    }
    for (size_t i = 0; i < p.tasks.size(); ++i) AddTaskEdges(p, static_cast<int>(i), ends, edges);

    std::vector<bool> has_downstream(p.tasks.size(), false);
    for (const ir::Task& t : p.tasks)
      for (int d : t.deps)
        if (d >= 0 && static_cast<size_t>(d) < p.tasks.size()) has_downstream[d] = true;
    std::vector<size_t> sinks;
    End fin_end{"", "", "", true};
    for (size_t i = 0; i < p.tasks.size(); ++i) {
      const ir::Task& t = p.tasks[i];
      if (t.is_finally) {
        if (fin_end.head.empty() && t.deps.empty()) fin_end.head = ends[i].head;
        fin_end.tail = ends[i].tail;
        continue;
      }
      if (placed.head.empty() && t.deps.empty()) placed.head = ends[i].head;
      if (!has_downstream[i]) sinks.push_back(i), placed.tail = ends[i].tail;
    }
    if (!fin.children.empty()) {
      // Finally tasks run after every main task: one edge from each main task that nothing
      // else waits for.
      fin.id = fin_end.id = Unique("fin" + (prefix.empty() ? "" : "_" + prefix.substr(0, prefix.size() - 2)));
      for (size_t s : sinks) edges.push_back({ends[s], fin_end, "", false});
      // What follows the pipeline follows its finally tasks too.
      placed.tail = fin_end.tail;
      if (placed.head.empty()) placed.head = fin_end.head;
      out.push_back(std::move(fin));
    } else if (placed.head.empty()) {
      // A pipeline without tasks still needs a node for edges to attach to.
      std::string id = Unique("e_" + (prefix.empty() ? "main" : prefix.substr(0, prefix.size() - 2)));
      out.push_back({ElemKind::Empty, id, {"no tasks"}, false, {}});
      placed.head = placed.tail = id;
    }
    return placed;
  }

  Element TaskElement(const ir::Task& t, const std::string& prefix, std::vector<Edge>& edges, End& end) {
    std::string base = prefix + Safe(t.name);
    std::vector<std::string> lines = {t.name};
    if (t.sub) {
      lines.push_back("pipeline " + t.sub->name);
      if (t.engine == ir::Engine::Kfp) lines.push_back("a KFP run launched from Argo (engine: kfp)");
    } else {
      lines.push_back(t.impl->is_inline ? t.impl->image.value : t.impl->name);
    }
    size_t details = lines.size();
    if (t.loop) lines.push_back(LoopText(*t.loop));
    if (t.when)
      for (std::string& l : WhenLines(*t.when)) lines.push_back(std::move(l));
    if (t.all_done) lines.push_back("run_if: all_done");
    if (!t.failed.empty()) {
      std::vector<std::string> names;
      for (const auto& f : t.failed_names) names.push_back(f.value);
      lines.push_back(fmt::format("run_if: failed {}", fmt::join(names, ", ")));
    }
    if (!t.sub) {
      std::string id = Unique("t_" + base);
      end = End{id, id, id, false};
      return Element{t.loop ? ElemKind::Loop : ElemKind::Task, id, std::move(lines), t.when.has_value(), {}, details};
    }
    ElemKind kind = t.engine == ir::Engine::Kfp ? ElemKind::Launch : ElemKind::Sub;
    Element e{kind, Unique("s_" + base), std::move(lines), t.when.has_value(), {}, details};
    Placed sub = AddPipeline(*t.sub, base + "__", e.children, edges);
    end = End{e.id, sub.head, sub.tail, true};
    return e;
  }

  // The edges into task `i`: one per upstream task, a data edge labelled with the outputs
  // the task reads (in `with`, `when`, `foreach` or its container), else an ordering edge.
  static void AddTaskEdges(const ir::Pipeline& p, int i, const std::vector<End>& ends, std::vector<Edge>& edges) {
    const ir::Task& t = p.tasks[i];
    std::vector<const ir::Ref*> refs;
    ir::TaskRefs(t, refs);
    std::vector<int> upstream = t.deps;
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::TaskOutput && r->index >= 0) upstream.push_back(r->index);
    std::sort(upstream.begin(), upstream.end());
    upstream.erase(std::unique(upstream.begin(), upstream.end()), upstream.end());
    for (int u : upstream) {
      if (u < 0 || static_cast<size_t>(u) >= p.tasks.size() || u == i) continue;
      edges.push_back({ends[u], ends[i], OutputsRead(p.tasks[u], u, refs), false});
      edges.back().data = !edges.back().label.empty();
      edges.back().failed = t.Handles(u);
    }
  }

  // "model, auc" for the outputs of task `u` among `refs`, in declaration order.
  static std::string OutputsRead(const ir::Task& up, int u, const std::vector<const ir::Ref*>& refs) {
    std::vector<std::string> names;
    bool fan_in = false;
    for (size_t o = 0; o < up.impl->outputs.size(); ++o)
      for (const ir::Ref* r : refs)
        if (r->kind == ir::Ref::Kind::TaskOutput && r->index == u && r->output == static_cast<int>(o)) {
          names.push_back(up.impl->outputs[o].name);
          fan_in = fan_in || r->fan_in;
          break;
        }
    std::string s = fmt::format("{}", fmt::join(names, ", "));
    return fan_in ? s + " (fan-in)" : s;
  }

  void AddOutputs(const ir::Pipeline& p, const std::vector<End>& ends, Drawing& d) {
    std::string id = Unique("outputs");
    Element e{ElemKind::Outputs, id, {"outputs"}, false, {}};
    std::vector<const ir::Ref*> refs;
    for (const ir::Output& o : p.outputs) {
      e.lines.push_back(o.name);
      for (const ir::Value* v : o.Values())
        if (!v->is_literal) ir::CollectRefs(v->text, refs);
    }
    d.top.push_back(std::move(e));
    End to{id, id, id, false};
    std::vector<int> sources;
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::TaskOutput && r->index >= 0 && static_cast<size_t>(r->index) < p.tasks.size())
        sources.push_back(r->index);
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (int u : sources) d.edges.push_back({ends[u], to, OutputsRead(p.tasks[u], u, refs), true});
  }
};

// ---- Mermaid ------------------------------------------------------------------------

// Mermaid labels are HTML inside `"..."`; its own entities (`#quot;`, `#35;`) stand for
// characters that would end the label, start an entity or an edge label, or become markup.
std::string MermaidText(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '|':
        out += "#124;";
        break;
      case '`':
        out += "#96;";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  return out;
}

std::string MermaidLabel(const std::vector<std::string>& lines) {
  std::vector<std::string> escaped;
  for (const std::string& l : lines) escaped.push_back(MermaidText(l));
  return fmt::format("\"{}\"", fmt::join(escaped, "<br>"));
}

std::string MermaidTitle(const std::vector<std::string>& lines) {
  std::vector<std::string> escaped;
  for (const std::string& l : lines) escaped.push_back(MermaidText(l));
  return fmt::format("{}", fmt::join(escaped, " · "));
}

void WriteMermaidElements(const std::vector<Element>& elems, int depth, std::string& out,
                          std::vector<std::string>& conditional) {
  std::string indent(2 * depth, ' ');
  for (const Element& e : elems) {
    if (e.conditional) conditional.push_back(e.id);
    std::string label = MermaidLabel(e.lines);
    switch (e.kind) {
      case ElemKind::Task:
        out += fmt::format("{}{}({})\n", indent, e.id, label);
        break;
      case ElemKind::Loop:
        out += fmt::format("{}{}[[{}]]\n", indent, e.id, label);
        break;
      case ElemKind::Params:
      case ElemKind::Outputs:
        out += fmt::format("{}{}[/{}/]\n", indent, e.id, label);
        break;
      case ElemKind::Empty:
        out += fmt::format("{}{}[{}]\n", indent, e.id, label);
        break;
      case ElemKind::Sub:
      case ElemKind::Launch:
      case ElemKind::Finally:
        // One line: Mermaid draws a taller title over the cluster's first row. Nested
        // clusters would alternate direction unless told.
        out += fmt::format("{}subgraph {} [\"{}\"]\n{}  direction TB\n", indent, e.id, MermaidTitle(e.lines), indent);
        WriteMermaidElements(e.children, depth + 1, out, conditional);
        out += indent + "end\n";
        break;
    }
  }
}

std::string WriteMermaid(const Drawing& d) {
  // Mermaid wraps labels at 200 pixels by default, which breaks conditions mid-word.
  std::string out = "%%{init: {\"flowchart\": {\"wrappingWidth\": 450}}}%%\nflowchart TD\n";
  std::vector<std::string> conditional;
  WriteMermaidElements(d.top, 1, out, conditional);
  for (const Edge& e : d.edges) {
    if (e.failed)
      out += fmt::format("  {} -.->|\"failed\"| {}\n", e.from.id, e.to.id);
    else if (e.data)
      out += fmt::format("  {} -->|\"{}\"| {}\n", e.from.id, MermaidText(e.label), e.to.id);
    else
      out += fmt::format("  {} -.-> {}\n", e.from.id, e.to.id);
  }
  if (!conditional.empty()) {
    out += "  classDef conditional stroke-dasharray: 5 4\n";
    out += fmt::format("  class {} conditional\n", fmt::join(conditional, ","));
  }
  return out;
}

// ---- Graphviz DOT -------------------------------------------------------------------

constexpr const char* kFont = "Helvetica,Arial,sans-serif";

// Text inside an HTML-like label. Graphviz expands `\N`, `\G` and `\\` there too (after
// entities), so a backslash is doubled.
std::string HtmlText(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  return out;
}

// A double-quoted DOT string; backslashes are escaped so `\n` and `\N` stay literal.
std::string DotString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out + "\"";
}

// The title in bold, the rest smaller, the details (`when`, `foreach`, `run_if`) in
// italics. Lists (params, outputs) are left-aligned.
std::string HtmlLabel(const std::vector<std::string>& lines, int small, size_t details = 0, bool left = false) {
  std::string s = "<";
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string text = HtmlText(lines[i]);
    if (i == 0) {
      s += "<b>" + text + "</b>";
      continue;
    }
    if (details && i >= details) text = "<i>" + text + "</i>";
    s += fmt::format("{}<font point-size=\"{}\">{}</font>", left && i > 1 ? "<br align=\"left\"/>" : "<br/>", small,
                     text);
  }
  return s + (left && lines.size() > 1 ? "<br align=\"left\"/>>" : ">");
}

void WriteDotElements(const std::vector<Element>& elems, int depth, std::string& out) {
  std::string indent(2 * depth, ' ');
  for (const Element& e : elems) {
    bool list = e.kind == ElemKind::Params || e.kind == ElemKind::Outputs;
    std::string label = HtmlLabel(e.lines, 9, e.details, list);
    std::string dashed = e.conditional ? ",dashed" : "";
    switch (e.kind) {
      case ElemKind::Task:
        out += fmt::format("{}{} [label={}{}];\n", indent, e.id, label,
                           e.conditional ? ", style=\"rounded,filled,dashed\"" : "");
        break;
      case ElemKind::Loop:
        out += fmt::format("{}{} [label={}, shape=box3d, style=\"filled{}\"];\n", indent, e.id, label, dashed);
        break;
      case ElemKind::Params:
      case ElemKind::Outputs:
        out += fmt::format("{}{} [label={}, shape=note, style=filled, fillcolor=\"#fdf6e3\", color=\"#b09a5b\"];\n",
                           indent, e.id, label);
        break;
      case ElemKind::Empty:
        out += fmt::format("{}{} [label={}, shape=plaintext, style=\"\"];\n", indent, e.id, DotString("no tasks"));
        break;
      case ElemKind::Sub:
      case ElemKind::Launch:
      case ElemKind::Finally: {
        const char* fill = e.kind == ElemKind::Launch ? "#fff1e0" : e.kind == ElemKind::Finally ? "#f0f0f0" : "#f3f6f9";
        const char* line = e.kind == ElemKind::Launch ? "#d9822b" : e.kind == ElemKind::Finally ? "#8c8c8c" : "#7d93ab";
        out += fmt::format("{}subgraph cluster_{} {{\n", indent, e.id);
        out += fmt::format("{}  label={};\n", indent, HtmlLabel(e.lines, 10, e.details));
        out += fmt::format("{}  style=\"rounded,filled{}\"; fillcolor=\"{}\"; color=\"{}\";{}\n", indent, dashed, fill,
                           line, e.kind == ElemKind::Launch ? " penwidth=1.6;" : "");
        WriteDotElements(e.children, depth + 1, out);
        out += indent + "}\n";
        break;
      }
    }
  }
}

std::string WriteDot(const Drawing& d) {
  std::string out = fmt::format("digraph {} {{\n", DotString(d.name));
  std::vector<std::string> title = {d.name};
  if (!d.description.empty()) title.push_back(d.description);
  out += fmt::format(
      "  graph [rankdir=TB, compound=true, fontname=\"{}\", fontsize=12, labelloc=t, label={}, nodesep=0.35, "
      "ranksep=0.45];\n",
      kFont, HtmlLabel(title, 11));
  out += fmt::format(
      "  node [fontname=\"{}\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fa\", "
      "color=\"#4f7cac\", margin=\"0.14,0.06\"];\n",
      kFont);
  out += fmt::format("  edge [fontname=\"{}\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n", kFont);
  WriteDotElements(d.top, 1, out);
  for (const Edge& e : d.edges) {
    std::vector<std::string> attrs;
    if (e.from.cluster) attrs.push_back("ltail=cluster_" + e.from.id);
    if (e.to.cluster) attrs.push_back("lhead=cluster_" + e.to.id);
    if (e.failed)
      attrs.push_back("label=\" failed\", style=dashed, color=\"#b03a2e\", fontcolor=\"#b03a2e\"");
    else if (e.data)
      attrs.push_back("label=" + DotString(" " + e.label));
    else
      attrs.push_back("style=dashed, color=\"#8c8c8c\"");
    out += fmt::format("  {} -> {} [{}];\n", e.from.tail, e.to.head, fmt::join(attrs, ", "));
  }
  return out + "}\n";
}

}  // namespace

std::string EmitGraph(const ir::Pipeline& p, const std::string& format) {
  Drawing d = Builder().Run(p);
  return format == "dot" ? WriteDot(d) : WriteMermaid(d);
}

}  // namespace mlpc
