using HotlineTelephony.Server;

ServerApplication.Build(args).Run();
