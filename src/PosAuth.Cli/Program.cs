// The posauth tool. Commands are added by their own files under Commands/.
return PosAuth.Cli.CliApp.Run(args, PosAuth.Cli.Hosting.CliHost.FromConsole());
