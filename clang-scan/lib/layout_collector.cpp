#include "layout_collector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/VTableBuilder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

#include "content_hash.h"
#include "scan_paths.h"
#include "system_header.h"

namespace hotcog::scan {
namespace {

bool is_user_record(const clang::RecordDecl* rd, const clang::SourceManager& sm) {
  if (!rd->isCompleteDefinition() || rd->isInvalidDecl() || rd->isDependentType())
    return false;
  if (rd->isAnonymousStructOrUnion()) return false;
  if (!rd->getIdentifier() && !rd->getTypedefNameForAnonDecl()) return false;
  if (auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(rd); cxx && cxx->isLambda())
    return false;
  clang::SourceLocation loc = sm.getExpansionLoc(rd->getLocation());
  return loc.isValid() && !sm.isInSystemHeader(loc);
}

class LayoutReader {
 public:
  LayoutReader(clang::ASTContext& context, const std::string& directory)
      : context_(context), sm_(context.getSourceManager()), directory_(directory),
        policy_(context.getPrintingPolicy()) {
    policy_.AnonymousTagLocations = false;
    policy_.SuppressTagKeyword = true;
  }

  RecordLayout read(const clang::RecordDecl* rd) {
    const clang::ASTRecordLayout& layout = context_.getASTRecordLayout(rd);
    RecordLayout out;
    out.name = type_name(rd);
    clang::SourceLocation loc = sm_.getExpansionLoc(rd->getLocation());
    if (auto file = sm_.getFileEntryRefForID(sm_.getFileID(loc)))
      out.file = normalize_path(file->getName(), directory_);
    out.line = sm_.getSpellingLineNumber(loc);
    out.size = layout.getSize().getQuantity();
    out.align = layout.getAlignment().getQuantity();
    auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(rd);
    if (cxx) {
      out.vptr = cxx->isDynamicClass();
      read_bases(cxx, layout, &out);
      if (cxx->isDynamicClass()) read_vtable(cxx, &out);
    }
    read_fields(rd, layout, 0, false, &out);
    out.hash = hash_layout(rd, layout, out);
    return out;
  }

 private:
  // A class defined inside a function prints as just its name, so two
  // functions' `struct L` would look like one type with two layouts (an ODR
  // conflict the runtime refuses). They are different types: named here
  // after their function, "(local in ns::f(int))::L", which readers treat as
  // TU-local (never shared with the host or another cog).
  std::string type_name(const clang::RecordDecl* rd) const {
    std::string name = context_.getTypeDeclType(rd).getAsString(policy_);
    for (const clang::DeclContext* dc = rd->getDeclContext(); dc; dc = dc->getParent()) {
      const auto* fn = llvm::dyn_cast<clang::FunctionDecl>(dc);
      if (!fn) continue;
      std::string signature = fn->getQualifiedNameAsString() + "(";
      for (unsigned i = 0; i < fn->getNumParams(); ++i)
        signature += (i ? ", " : "") + fn->getParamDecl(i)->getType().getAsString(policy_);
      return "(local in " + signature + "))::" + name;
    }
    return name;
  }

  // As clang's layout dump spells it: a record-typed member by its record
  // (canonical, e.g. std::basic_string<char>, since its own layout is what
  // matters), anything else as written (size_t stays size_t).
  std::string field_type(const clang::FieldDecl* field) const {
    if (const auto* record = field->getType()->getAs<clang::RecordType>())
      return type_name(record->getDecl());
    return field->getType().getAsString(policy_);
  }

  void read_bases(const clang::CXXRecordDecl* cxx, const clang::ASTRecordLayout& layout,
                  RecordLayout* out) const {
    for (const clang::CXXBaseSpecifier& base : cxx->bases()) {
      if (base.isVirtual()) continue;
      const clang::CXXRecordDecl* base_rd = base.getType()->getAsCXXRecordDecl();
      out->bases.push_back({type_name(base_rd),
                            static_cast<uint64_t>(layout.getBaseClassOffset(base_rd).getQuantity()),
                            false});
    }
    for (const clang::CXXBaseSpecifier& base : cxx->vbases()) {
      const clang::CXXRecordDecl* base_rd = base.getType()->getAsCXXRecordDecl();
      out->bases.push_back({type_name(base_rd),
                            static_cast<uint64_t>(layout.getVBaseClassOffset(base_rd).getQuantity()),
                            true});
    }
  }

  void read_fields(const clang::RecordDecl* rd, const clang::ASTRecordLayout& layout,
                   uint64_t base_bits, bool indirect, RecordLayout* out) const {
    unsigned index = 0;
    for (const clang::FieldDecl* field : rd->fields()) {
      FieldLayout f;
      f.name = field->getNameAsString();
      f.type = field_type(field);
      f.offset_bits = base_bits + layout.getFieldOffset(index++);
      if (field->isBitField()) f.bit_width = field->getBitWidthValue(context_);
      f.indirect = indirect;
      uint64_t offset = f.offset_bits;
      out->fields.push_back(std::move(f));
      if (field->isAnonymousStructOrUnion()) {
        const clang::RecordDecl* inner = field->getType()->getAsRecordDecl();
        read_fields(inner, context_.getASTRecordLayout(inner), offset, true, out);
      }
    }
  }

  void read_vtable(const clang::CXXRecordDecl* cxx, RecordLayout* out) const {
    auto* itanium = llvm::dyn_cast<clang::ItaniumVTableContext>(context_.getVTableContext());
    if (!itanium) return;  // Microsoft ABI: no slots reported
    const clang::VTableLayout& vtable = itanium->getVTableLayout(cxx);
    for (const clang::VTableComponent& component : vtable.vtable_components()) {
      if (!component.isFunctionPointerKind()) continue;
      out->vtable.push_back(slot_name(component));
    }
  }

  std::string slot_name(const clang::VTableComponent& component) const {
    const clang::CXXMethodDecl* method = component.getFunctionDecl();
    std::string name = method->getQualifiedNameAsString() + "(";
    for (unsigned i = 0; i < method->getNumParams(); ++i) {
      if (i) name += ", ";
      name += method->getParamDecl(i)->getType().getAsString(policy_);
    }
    name += ")";
    if (method->isConst()) name += " const";
    switch (component.getKind()) {
      case clang::VTableComponent::CK_CompleteDtorPointer: name += " [complete]"; break;
      case clang::VTableComponent::CK_DeletingDtorPointer: name += " [deleting]"; break;
      case clang::VTableComponent::CK_UnusedFunctionPointer: name += " [unused]"; break;
      default: break;
    }
    return name;
  }

  // Everything the layout says, plus what can change codegen without showing in
  // sizes and offsets (data size for tail-padding reuse, packed, pragma pack,
  // alignas on the record and on fields).
  std::string hash_layout(const clang::RecordDecl* rd, const clang::ASTRecordLayout& layout,
                          const RecordLayout& out) const {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << out.name << '\n' << out.size << ' ' << out.align << ' '
       << layout.getDataSize().getQuantity() << ' ' << out.vptr << '\n';
    for (const BaseLayout& b : out.bases)
      os << "base " << b.name << ' ' << b.offset << ' ' << b.is_virtual << '\n';
    for (const FieldLayout& f : out.fields)
      os << "field " << f.name << ' ' << f.type << ' ' << f.offset_bits << ' '
         << (f.bit_width ? static_cast<int>(*f.bit_width) : -1) << ' ' << f.indirect << '\n';
    for (const std::string& slot : out.vtable) os << "slot " << slot << '\n';
    os << "packed " << rd->hasAttr<clang::PackedAttr>() << '\n';
    if (auto* pack = rd->getAttr<clang::MaxFieldAlignmentAttr>())
      os << "pack " << pack->getAlignment() << '\n';
    for (const auto* aligned : rd->specific_attrs<clang::AlignedAttr>())
      os << "alignas " << aligned->getAlignment(context_) << '\n';
    for (const clang::FieldDecl* field : rd->fields())
      for (const auto* aligned : field->specific_attrs<clang::AlignedAttr>())
        os << "field-alignas " << field->getNameAsString() << ' '
           << aligned->getAlignment(context_) << '\n';
    return hash_hex(os.str());
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sm_;
  const std::string& directory_;
  clang::PrintingPolicy policy_;
};

class RecordFinder : public clang::RecursiveASTVisitor<RecordFinder> {
 public:
  explicit RecordFinder(const clang::SourceManager& sm) : sm_(sm) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(clang::Decl* decl) {
    if (decl && !llvm::isa<clang::TranslationUnitDecl>(decl) && in_system_header(decl, sm_))
      return true;  // nothing in there is collected
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitRecordDecl(clang::RecordDecl* rd) {
    if (is_user_record(rd, sm_) && seen_.insert(rd).second) found.push_back(rd);
    return true;
  }

  std::vector<const clang::RecordDecl*> found;

 private:
  const clang::SourceManager& sm_;
  llvm::SmallPtrSet<const clang::RecordDecl*, 32> seen_;
};

}  // namespace

std::vector<RecordLayout> collect_record_layouts(clang::ASTContext& context,
                                                 const std::string& directory) {
  RecordFinder finder(context.getSourceManager());
  finder.TraverseDecl(context.getTranslationUnitDecl());
  LayoutReader reader(context, directory);
  std::vector<RecordLayout> records;
  records.reserve(finder.found.size());
  for (const clang::RecordDecl* rd : finder.found) records.push_back(reader.read(rd));
  return records;
}

}  // namespace hotcog::scan
