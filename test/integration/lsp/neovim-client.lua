-- Drives fastapi-docker-lint-lsp from a real Neovim (headless), as a user's editor would, and
-- writes what the editor saw as JSON for test/lsp/neovim.test.ts to check.
-- Usage: nvim --headless --clean -u NONE -l? (0.7 has no -l): nvim --headless --clean -c "luafile neovim-client.lua"
-- Environment: FDL_NODE, FDL_LSP (server script), FDL_PROJECT (directory), FDL_OUTPUT (JSON file).
local node, server, project, output = os.getenv('FDL_NODE'), os.getenv('FDL_LSP'), os.getenv('FDL_PROJECT'), os.getenv('FDL_OUTPUT')
local result = { steps = {} }

local function finish(status)
  result.status = status
  local file = io.open(output, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

local function fail(message)
  result.error = message
  finish('failed')
end

local function diagnostics_of(bufnr)
  local seen = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(seen, {
      code = diagnostic.code,
      source = diagnostic.source,
      severity = diagnostic.severity,
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      message = diagnostic.message,
    })
  end
  return seen
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'fastapi-docker-lint',
    cmd = { node, server, '--stdio' },
    root_dir = project,
  })
  if not client_id then return fail('the client did not start') end

  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/Dockerfile'))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'dockerfile'
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- 1. Diagnostics on open, with the project's config applied.
  if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then return fail('no diagnostics on open') end
  result.steps.opened = diagnostics_of(bufnr)

  -- 2. Findings in another file, published for that file.
  local requirements = project .. '/requirements.txt'
  local requirements_buf = vim.uri_to_bufnr(vim.uri_from_fname(requirements))
  vim.wait(5000, function() return #vim.diagnostic.get(requirements_buf) > 0 end, 50)
  result.steps.requirements = diagnostics_of(requirements_buf)

  -- 3. The quick fix, applied by the editor; the buffer change re-lints.
  local client = vim.lsp.get_client_by_id(client_id)
  local first = vim.diagnostic.get(bufnr)[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } },
    context = { diagnostics = { first.user_data and first.user_data.lsp or {} } },
  }
  local response = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
  if not response or response.err then return fail('codeAction failed: ' .. vim.inspect(response)) end
  result.steps.actions = {}
  local quick_fix
  for _, action in ipairs(response.result or {}) do
    table.insert(result.steps.actions, { title = action.title, kind = action.kind })
    if action.kind == 'quickfix' and not quick_fix and not vim.startswith(action.title, 'Ignore') then quick_fix = action end
  end
  if not quick_fix then return fail('no quick fix offered') end
  vim.lsp.util.apply_workspace_edit(quick_fix.edit, 'utf-16')
  result.steps.fixed_line = vim.api.nvim_buf_get_lines(bufnr, first.lnum, first.lnum + 1, false)[1]
  if not vim.wait(10000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50) then
    result.steps.after_fix = diagnostics_of(bufnr)
    return fail('the diagnostic was not cleared after the fix')
  end
  result.steps.after_fix = diagnostics_of(bufnr)

  -- 4. A watched file changes on disk: the editor notifies the server, which re-lints.
  local file = io.open(requirements, 'w')
  file:write('fastapi[standard]>=0.115.0,<0.116.0\n')
  file:close()
  client.notify('workspace/didChangeWatchedFiles', { changes = { { uri = vim.uri_from_fname(requirements), type = 2 } } })
  vim.wait(10000, function() return #vim.diagnostic.get(requirements_buf) == 0 end, 50)
  result.steps.requirements_after_change = diagnostics_of(requirements_buf)

  client.stop()
  finish('done')
end)
if not ok then fail(tostring(err)) end
