export function csrNnz(a) {
    return a.indptr[a.rows];
}
//# sourceMappingURL=csr.js.map