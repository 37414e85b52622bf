-- Configuration for Neovim 0.11+: vim.lsp.enable('weft')
return {
  cmd = { 'weft', 'lsp' },
  filetypes = { 'weft' },
  root_markers = { 'weft.toml', '.git' },
}
