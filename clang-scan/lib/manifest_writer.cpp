// The layout manifest: the record layouts of a set of TUs (a cog's sources) in
// a line format the runtime parses with no dependencies, like the cog manifest
// (utils/include/hotcog/base/cog_manifest.h). Fields are separated by one tab;
// names, types and paths never contain tabs or newlines.
//
//   hotcog-layouts  1                                   format name and version, first line
//   record  <name> <size> <align> <vptr 0|1> <hash> <file> <line>
//   base    <offset> <v|n> <name>                       bytes; v = virtual base
//   field   <offset_bits> <bit_width|-> <d|i> <name> <type>
//                                                       d = direct member, i = member of an
//                                                       anonymous struct/union (offset from
//                                                       the start of the record); name may be
//                                                       empty (anonymous member, unnamed bit-field)
//   vslot   <method>                                    vtable slots in order
//   end                                                 closes the record
//
// Records are sorted by name; a record seen by several TUs with the same hash
// is written once; the same name with two different hashes (an ODR violation
// across TUs) is written twice so the reader can refuse it. Readers skip
// unknown record kinds and reject a different version.
#include "hotcog/scan/scanner.h"

#include <map>
#include <set>
#include <sstream>

namespace hotcog::scan {

std::string to_layout_manifest(const std::vector<TuScan>& tus) {
  std::map<std::pair<std::string, std::string>, const RecordLayout*> records;
  for (const TuScan& tu : tus)
    for (const RecordLayout& r : tu.records) records.try_emplace({r.name, r.hash}, &r);

  std::ostringstream out;
  out << "hotcog-layouts\t1\n";
  for (const auto& entry : records) {
    const RecordLayout& r = *entry.second;
    out << "record\t" << r.name << '\t' << r.size << '\t' << r.align << '\t' << (r.vptr ? 1 : 0)
        << '\t' << r.hash << '\t' << r.file << '\t' << r.line << '\n';
    for (const BaseLayout& b : r.bases)
      out << "base\t" << b.offset << '\t' << (b.is_virtual ? 'v' : 'n') << '\t' << b.name << '\n';
    for (const FieldLayout& f : r.fields) {
      out << "field\t" << f.offset_bits << '\t';
      if (f.bit_width)
        out << *f.bit_width;
      else
        out << '-';
      out << '\t' << (f.indirect ? 'i' : 'd') << '\t' << f.name << '\t' << f.type << '\n';
    }
    for (const std::string& slot : r.vtable) out << "vslot\t" << slot << '\n';
    out << "end\n";
  }
  return out.str();
}

}  // namespace hotcog::scan
